-- Canaries offline in their latest snapshot, last seen more than 6 hours before that snapshot.
WITH latest AS (
  SELECT normalized.bird_id AS bird_id, normalized.name AS name, normalized.live AS live,
         normalized.last_seen AS last_seen, snapshot_at,
         row_number() OVER (PARTITION BY normalized.bird_id ORDER BY snapshot_at DESC) AS n
  FROM canary_bird
)
SELECT bird_id, name, last_seen, snapshot_at
FROM latest
WHERE n = 1 AND live = false
  AND from_iso8601_timestamp(last_seen) < from_iso8601_timestamp(snapshot_at) - INTERVAL '6' HOUR
ORDER BY name
