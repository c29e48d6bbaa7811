-- One source address touching two or more Canaries (Canarytokens left out): lateral movement or a sweep.
SELECT evidences[1].src_endpoint.ip AS src_ip,
       count(DISTINCT resources[1].uid) AS canaries,
       count(DISTINCT finding_info.uid) AS incidents
FROM ocsf_detection_finding
WHERE is_alert = true AND finding_info.types[1] NOT LIKE 'canarytoken%'
GROUP BY evidences[1].src_endpoint.ip
HAVING count(DISTINCT resources[1].uid) >= 2
ORDER BY canaries DESC, src_ip
