-- Report: Canaries ranked by the incidents on them, per console: 25 per console, with the sources
-- that attacked each and its last incident. Parameters, in order: since, until (ISO 8601 UTC, until
-- excluded), console ('' for every console). Operational incidents (a Canary's own settings, its
-- console) do not count, nor Canarytokens (their incidents carry the token's id as the Canary's):
-- attacks on Canaries only, each incident once.
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
attacks AS (
  SELECT r.console, r.normalized.canary_id AS canary_id,
         coalesce(r.normalized.canary_name, r.normalized.canary_id) AS canary_name, r.normalized.src_ip AS src_ip,
         r.console || ' ' || coalesce(r.normalized.hash_id, r.normalized.incident_id) AS incident,
         coalesce(r.normalized.updated, r.time) AS updated
  FROM (
    SELECT console, category, family, normalized, time FROM canary_incident
    UNION ALL
    SELECT console, category, family, normalized, time FROM canary_alert
  ) r
  CROSS JOIN params p
  WHERE r.category = 'attack' AND r.family NOT LIKE 'canarytoken%' AND r.normalized.canary_id IS NOT NULL
    AND coalesce(r.normalized.created, r.time) >= p.since
    AND coalesce(r.normalized.created, r.time) < p.until
    AND (p.console_name = '' OR r.console = p.console_name)
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
