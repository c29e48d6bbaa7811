-- Report: the addresses that attacked Canaries, per console, the ones that touched the most Canaries
-- first (one source on many Canaries is lateral movement or a sweep), with the Canaries each touched
-- and when it was first and last seen: every source seen on two Canaries or more (200 at most), then
-- the others up to 25 in all, per console, and how many there were in all. Parameters,
-- in order: since, until (ISO 8601 UTC, until excluded), console ('' for every console).
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
attacks AS (
  SELECT r.console, r.normalized.src_ip AS src_ip, r.normalized.canary_id AS canary_id,
         coalesce(r.normalized.canary_name, r.normalized.canary_id) AS canary_name,
         r.console || ' ' || coalesce(r.normalized.hash_id, r.normalized.incident_id) AS incident,
         coalesce(r.normalized.created, r.time) AS started, coalesce(r.normalized.updated, r.time) AS updated
  FROM (
    SELECT console, category, family, normalized, time FROM canary_incident
    UNION ALL
    SELECT console, category, family, normalized, time FROM canary_alert
  ) r
  CROSS JOIN params p
  WHERE r.category = 'attack' AND r.family NOT LIKE 'canarytoken%' AND r.normalized.src_ip IS NOT NULL
    AND coalesce(r.normalized.created, r.time) >= p.since
    AND coalesce(r.normalized.created, r.time) < p.until
    AND (p.console_name = '' OR r.console = p.console_name)
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
