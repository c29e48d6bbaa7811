-- Report: Canaries ranked by the incidents on them, per console: 25 per console, with the sources
-- that attacked each and its last incident. Operational incidents (a Canary's own settings, its
-- console) do not count, nor Canarytokens (their incidents carry the token's id as the Canary's):
-- attacks on Canaries only, each incident once.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC, until excluded), console, console ('' for every console), since
-- (for the date partitions).
-- parameters: since until console console since
WITH attacks AS (
  SELECT console, normalized.canary_id AS canary_id,
         coalesce(normalized.canary_name, normalized.canary_id) AS canary_name, normalized.src_ip AS src_ip,
         console || ' ' || coalesce(normalized.hash_id, normalized.incident_id) AS incident,
         coalesce(normalized.updated, time) AS updated
  FROM (
    SELECT console, category, family, normalized, time, "date" FROM canary_incident
    UNION ALL
    SELECT console, category, family, normalized, time, "date" FROM canary_alert
  ) r
  WHERE category = 'attack' AND family NOT LIKE 'canarytoken%' AND normalized.canary_id IS NOT NULL
    AND coalesce(normalized.created, time) >= ? AND coalesce(normalized.created, time) < ?
    AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
),
canaries AS (
  SELECT console, canary_id, max(canary_name) AS canary_name, count(DISTINCT incident) AS incidents,
         count(DISTINCT src_ip) AS sources, max(updated) AS last_incident
  FROM attacks
  GROUP BY console, canary_id
),
ranked AS (
  SELECT canaries.*,
         row_number() OVER (PARTITION BY console ORDER BY incidents DESC, canary_name, canary_id) AS rank,
         count(*) OVER (PARTITION BY console) AS canaries_in_all
  FROM canaries
)
SELECT console, rank, canary_name, canary_id, incidents, sources, last_incident, canaries_in_all
FROM ranked
WHERE rank <= 25
ORDER BY console, rank
