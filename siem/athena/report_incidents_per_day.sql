-- Report: incidents per day and family, per console and for the fleet (console NULL). An incident
-- counts once, on the day it was created, whatever its versions, pushed or polled.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC, until excluded), console, console ('' for every console), since
-- (for the date partitions).
-- parameters: since until console console since
SELECT console, day, family, count(DISTINCT incident) AS incidents
FROM (
  SELECT console, coalesce(family, '(none)') AS family, substr(coalesce(normalized.created, time), 1, 10) AS day,
         console || ' ' || coalesce(normalized.hash_id, normalized.incident_id) AS incident
  FROM (
    SELECT console, family, normalized, time, "date" FROM canary_incident
    UNION ALL
    SELECT console, family, normalized, time, "date" FROM canary_alert
  ) r
  WHERE coalesce(normalized.created, time) >= ? AND coalesce(normalized.created, time) < ?
    AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
) incidents
GROUP BY GROUPING SETS ((console, day, family), (day, family))
ORDER BY console NULLS FIRST, day, incidents DESC, family
