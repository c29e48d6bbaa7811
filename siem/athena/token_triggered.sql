-- A Canarytoken was triggered: one row per token incident, on the first of its pushed alert
-- (canary_alert, with push on) and its polled incident (canary_incident) to arrive: alert = true is
-- set on one of the two only. normalized.hash_id is the incident in both; normalized.canarytoken
-- the token (canary_token's normalized.canarytoken), normalized.memo its name.
SELECT time, console, source, logtype_name, normalized.memo AS memo,
       normalized.canarytoken AS canarytoken, normalized.src_ip AS src_ip, normalized.hash_id AS hash_id
FROM (
  SELECT time, console, source, logtype_name, family, alert, normalized FROM canary_incident
  UNION ALL
  SELECT time, console, source, logtype_name, family, alert, normalized FROM canary_alert
)
WHERE family LIKE 'canarytoken%' AND alert = true
ORDER BY time, hash_id
