-- Incident volume per Canary per day (attacks; each incident once, whatever its versions).
SELECT CAST("date" AS VARCHAR) AS day, console, normalized.canary_name AS canary,
       count(DISTINCT normalized.incident_id) AS incidents
FROM canary_incident
WHERE category = 'attack'
GROUP BY "date", console, normalized.canary_name
ORDER BY day, incidents DESC, canary
