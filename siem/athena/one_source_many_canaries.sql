-- One source address touching two or more Canaries: lateral movement or a sweep.
SELECT normalized.src_ip AS src_ip,
       count(DISTINCT normalized.canary_id) AS canaries,
       count(DISTINCT normalized.incident_id) AS incidents,
       min(time) AS first_seen,
       max(time) AS last_seen
FROM canary_incident
WHERE category = 'attack' AND family NOT LIKE 'canarytoken%'
GROUP BY normalized.src_ip
HAVING count(DISTINCT normalized.canary_id) >= 2
ORDER BY canaries DESC, src_ip
