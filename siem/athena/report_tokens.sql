-- Report: Canarytokens triggered, per console: each trigger once (alert = true is set on one of its
-- pushed and polled records only), its kind and memo (from the token inventory when the console
-- listed it), from where and when; the 100 latest per console, and how many in all. Parameters, in
-- order: since, until (ISO 8601 UTC, until excluded), console ('' for every console).
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
triggers AS (
  SELECT r.console, coalesce(r.normalized.created, r.time) AS time, r.family, r.normalized.canarytoken AS canarytoken,
         r.normalized.memo AS memo, r.normalized.src_ip AS src_ip, r.normalized.hash_id AS hash_id
  FROM (
    SELECT console, family, alert, normalized, time FROM canary_incident
    UNION ALL
    SELECT console, family, alert, normalized, time FROM canary_alert
  ) r
  CROSS JOIN params p
  WHERE r.family LIKE 'canarytoken%' AND r.alert = true
    AND coalesce(r.normalized.created, r.time) >= p.since
    AND coalesce(r.normalized.created, r.time) < p.until
    AND (p.console_name = '' OR r.console = p.console_name)
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
