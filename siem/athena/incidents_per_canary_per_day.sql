-- Incident volume per Canary per day (attacks; each incident once, whatever its versions). A
-- Canarytoken incident has no Canary: it counts under its token ("Canarytoken <memo>").
SELECT CAST("date" AS VARCHAR) AS day, console,
       coalesce(normalized.canary_name,
                concat('Canarytoken ', coalesce(normalized.memo, normalized.canarytoken))) AS canary,
       count(DISTINCT normalized.incident_id) AS incidents
FROM canary_incident
WHERE category = 'attack'
GROUP BY 1, 2, 3
ORDER BY day, incidents DESC, canary
