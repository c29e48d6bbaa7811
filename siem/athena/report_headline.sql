-- Report: headline figures per console, and for the whole fleet on the row whose console is NULL.
-- An incident counts in the range of its creation; it is one incident whatever its versions, and
-- pushed (canary_alert) or polled (canary_incident) alike. Attacker sources and Canaries touched
-- count attacks on Canaries only: a Canarytoken's incident carries the token's own id where a
-- Canary's id would be, and its trigger comes from a resolver or a mail scanner as often as from the
-- attacker (report_tokens lists those). Values are joined with || (NULL when a part is NULL, in both
-- engines; DuckDB's concat skips NULLs).
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC as the records write it, until excluded), console, console (''
-- for every console), since (for the date partitions: the records of the range are on or after it).
-- parameters: since until console console since
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
FROM (
  SELECT console, category, family, alert, normalized, time, "date" FROM canary_incident
  UNION ALL
  SELECT console, category, family, alert, normalized, time, "date" FROM canary_alert
) r
WHERE coalesce(normalized.created, time) >= ? AND coalesce(normalized.created, time) < ?
  AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
GROUP BY GROUPING SETS ((console), ())
ORDER BY console NULLS FIRST
