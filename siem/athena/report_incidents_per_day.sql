-- Report: incidents per day and family, per console and for the fleet (console NULL). Parameters,
-- in order: since, until (ISO 8601 UTC, until excluded), console ('' for every console). An
-- incident counts once, on the day it was created, whatever its versions, pushed or polled.
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
incidents AS (
  SELECT r.console, r.family, substr(coalesce(r.normalized.created, r.time), 1, 10) AS day,
         r.console || ' ' || coalesce(r.normalized.hash_id, r.normalized.incident_id) AS incident
  FROM (
    SELECT console, family, normalized, time FROM canary_incident
    UNION ALL
    SELECT console, family, normalized, time FROM canary_alert
  ) r
  CROSS JOIN params p
  WHERE coalesce(r.normalized.created, r.time) >= p.since
    AND coalesce(r.normalized.created, r.time) < p.until
    AND (p.console_name = '' OR r.console = p.console_name)
)
SELECT console, day, family, count(DISTINCT incident) AS incidents
FROM incidents
GROUP BY GROUPING SETS ((console, day, family), (day, family))
ORDER BY console NULLS FIRST, day, incidents DESC, family
