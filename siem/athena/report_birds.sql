-- Report: the Canaries of each console's latest snapshot before the end of the range (a Canary
-- removed from the console is in no later snapshot, so it is not reported offline for ever): online
-- or offline, and when the console last heard from it. Offline Canaries first, the longest silent
-- first.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: until (ISO 8601 UTC, excluded), console, console ('' for every console).
-- parameters: until console console
WITH snapshots AS (
  SELECT console, normalized.bird_id AS bird_id, normalized.name AS name, normalized.live AS live,
         normalized.last_seen AS last_seen, normalized.location AS location, snapshot_at
  FROM canary_bird
  WHERE snapshot_at < ? AND (? = '' OR console = ?) AND console IS NOT NULL
),
latest AS (
  SELECT console, max(snapshot_at) AS snapshot_at FROM snapshots GROUP BY console
)
SELECT s.console, s.bird_id, s.name, s.live, s.last_seen, s.location, s.snapshot_at
FROM snapshots s
JOIN latest l ON l.console = s.console AND l.snapshot_at = s.snapshot_at
ORDER BY s.console, s.live, s.last_seen, s.name
