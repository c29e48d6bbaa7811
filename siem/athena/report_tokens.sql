-- Report: Canarytokens triggered, per console: each trigger once (alert = true is set on one of its
-- pushed and polled records only), its kind and memo (from the token inventory when the console
-- listed it), from where and when; the 100 latest per console, and how many in all.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC, until excluded), console, console ('' for every console), since
-- (for the date partitions).
-- parameters: since until console console since
WITH triggers AS (
  SELECT console, coalesce(normalized.created, time) AS time, family, normalized.canarytoken AS canarytoken,
         normalized.memo AS memo, normalized.src_ip AS src_ip, normalized.hash_id AS hash_id
  FROM (
    SELECT console, family, alert, normalized, time, "date" FROM canary_incident
    UNION ALL
    SELECT console, family, alert, normalized, time, "date" FROM canary_alert
  ) r
  WHERE family LIKE 'canarytoken%' AND alert = true
    AND coalesce(normalized.created, time) >= ? AND coalesce(normalized.created, time) < ?
    AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
),
inventory AS (
  SELECT console, normalized.canarytoken AS canarytoken, max(normalized.kind) AS kind, max(normalized.memo) AS memo
  FROM canary_token
  GROUP BY console, normalized.canarytoken
),
ranked AS (
  SELECT t.console, t.time, coalesce(i.kind, replace(t.family, 'canarytoken-', '')) AS kind,
         coalesce(t.memo, i.memo) AS memo, t.src_ip, t.canarytoken, t.hash_id,
         row_number() OVER (PARTITION BY t.console ORDER BY t.time DESC, t.hash_id) AS rank,
         count(*) OVER (PARTITION BY t.console) AS triggers_in_all
  FROM triggers t
  LEFT JOIN inventory i ON i.console = t.console AND i.canarytoken = t.canarytoken
)
SELECT console, rank, time, kind, memo, src_ip, canarytoken, hash_id, triggers_in_all
FROM ranked
WHERE rank <= 100
ORDER BY console, rank
