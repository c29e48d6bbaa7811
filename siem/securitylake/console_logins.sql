-- Who logged in to the Canary console, from where, and whether it worked.
SELECT from_unixtime(time / 1000) AS time, "user".name AS user_name, src_endpoint.ip AS src_ip,
       activity_name, status
FROM ocsf_authentication
ORDER BY time DESC, user_name
