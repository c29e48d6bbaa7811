-- Report: the addresses that attacked Canaries, per console, the ones that touched the most Canaries
-- first (one source on many Canaries is lateral movement or a sweep), with the Canaries each touched
-- and when it was first and last seen: every source seen on two Canaries or more (200 at most), then
-- the others up to 25 in all, per console, and how many there were in all.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC, until excluded), console, console ('' for every console), since
-- (for the date partitions).
-- parameters: since until console console since
WITH attacks AS (
  SELECT console, normalized.src_ip AS src_ip, normalized.canary_id AS canary_id,
         coalesce(normalized.canary_name, normalized.canary_id) AS canary_name,
         console || ' ' || coalesce(normalized.hash_id, normalized.incident_id) AS incident,
         coalesce(normalized.created, time) AS started, coalesce(normalized.updated, time) AS updated
  FROM (
    SELECT console, category, family, normalized, time, "date" FROM canary_incident
    UNION ALL
    SELECT console, category, family, normalized, time, "date" FROM canary_alert
  ) r
  WHERE category = 'attack' AND family NOT LIKE 'canarytoken%' AND normalized.src_ip IS NOT NULL
    AND coalesce(normalized.created, time) >= ? AND coalesce(normalized.created, time) < ?
    AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
),
sources AS (
  SELECT console, src_ip,
         count(DISTINCT canary_id) AS canaries,
         array_join(array_sort(array_agg(DISTINCT canary_name)), ', ') AS canary_names,
         count(DISTINCT incident) AS incidents,
         min(started) AS first_seen,
         max(updated) AS last_seen
  FROM attacks
  GROUP BY console, src_ip
),
ranked AS (
  SELECT sources.*,
         row_number() OVER (PARTITION BY console ORDER BY canaries DESC, incidents DESC, src_ip) AS rank,
         count(*) OVER (PARTITION BY console) AS sources_in_all
  FROM sources
)
SELECT console, rank, src_ip, canaries, canary_names, incidents, first_seen, last_seen, sources_in_all
FROM ranked
WHERE rank <= 25 OR (canaries >= 2 AND rank <= 200)
ORDER BY console, rank
