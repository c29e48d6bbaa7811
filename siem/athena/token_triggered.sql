-- A Canarytoken was triggered: one row per token incident, on its first delivery (alert = true).
SELECT time, console, logtype_name, normalized.memo AS memo, normalized.src_ip AS src_ip,
       normalized.incident_id AS incident_id
FROM canary_incident
WHERE family LIKE 'canarytoken%' AND alert = true
ORDER BY time, incident_id
