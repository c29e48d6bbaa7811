-- Report: headline figures per console, and for the whole fleet on the row whose console is NULL.
-- Parameters, in order: since, until (ISO 8601 UTC as the records write it, until excluded),
-- console ('' for every console). An incident counts in the range of its creation; it is one
-- incident whatever its versions, and pushed (canary_alert) or polled (canary_incident) alike.
-- Attacker sources and Canaries touched count attacks on Canaries only: a Canarytoken's incident
-- carries the token's own id where a Canary's id would be, and its trigger comes from a resolver or a
-- mail scanner as often as from the attacker (report_tokens lists those).
-- Values are joined with || (NULL when a part is NULL, in both engines; DuckDB's concat skips NULLs).
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
incidents AS (
  SELECT r.console, r.category, r.family, r.alert, r.normalized
  FROM (
    SELECT console, category, family, alert, normalized, time FROM canary_incident
    UNION ALL
    SELECT console, category, family, alert, normalized, time FROM canary_alert
  ) r
  CROSS JOIN params p
  WHERE coalesce(r.normalized.created, r.time) >= p.since
    AND coalesce(r.normalized.created, r.time) < p.until
    AND (p.console_name = '' OR r.console = p.console_name)
)
SELECT console,
       count(DISTINCT console || ' ' || coalesce(normalized.hash_id, normalized.incident_id)) AS incidents,
       count(DISTINCT CASE WHEN alert THEN console || ' ' || coalesce(normalized.hash_id, normalized.incident_id) END)
         AS alerting_incidents,
       count(DISTINCT CASE WHEN category = 'attack' AND family NOT LIKE 'canarytoken%' THEN normalized.src_ip END)
         AS attacker_sources,
       count(DISTINCT CASE WHEN category = 'attack' AND family NOT LIKE 'canarytoken%'
                           THEN console || ' ' || normalized.canary_id END) AS canaries_touched,
       count(DISTINCT CASE WHEN family LIKE 'canarytoken%' THEN console || ' ' || normalized.canarytoken END)
         AS tokens_triggered
FROM incidents
GROUP BY GROUPING SETS ((console), ())
ORDER BY console NULLS FIRST
