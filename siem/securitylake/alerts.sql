-- Canary alerts in Security Lake: each attack incident once, on its first finding (Create, is_alert).
SELECT from_unixtime(time / 1000) AS time, finding_info.title AS title, severity,
       evidences[1].src_endpoint.ip AS src_ip, resources[1].name AS canary,
       finding_info.uid AS incident_id
FROM ocsf_detection_finding
WHERE is_alert = true AND activity_id = 1
ORDER BY time DESC, incident_id
