-- Report: each Canary's health in its latest snapshot before the end of the range, per console:
-- online or offline, and when the console last heard from it. Parameters, in order: since (unused
-- but kept, so every report query takes the same three), until (ISO 8601 UTC, excluded), console
-- ('' for every console). Offline Canaries first, the longest silent first.
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
latest AS (
  SELECT b.console, b.normalized.bird_id AS bird_id, b.normalized.name AS name, b.normalized.live AS live,
         b.normalized.last_seen AS last_seen, b.normalized.location AS location, b.snapshot_at,
         row_number() OVER (PARTITION BY b.console, b.normalized.bird_id ORDER BY b.snapshot_at DESC) AS n
  FROM canary_bird b
  CROSS JOIN params p
  WHERE b.snapshot_at < p.until AND (p.console_name = '' OR b.console = p.console_name)
)
SELECT console, bird_id, name, live, last_seen, location, snapshot_at
FROM latest
WHERE n = 1
ORDER BY console, live, last_seen, name
