-- Report: the console's audit trail in the range, per console and kind of action: logins (and
-- failed ones), users, API keys, settings (console, flock and Canary), Canarytokens, and the rest;
-- how many, by whom, first and last. report_audit_changes lists the changes themselves. The polled
-- trail only: with push on, canary_audit_push holds the same entries again.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC, until excluded), console, console ('' for every console), since
-- (for the date partitions).
-- parameters: since until console console since
WITH entries AS (
  SELECT console, coalesce(normalized.action, '(none)') AS action, normalized."user" AS actor, time,
         CASE
           WHEN regexp_like(normalized.action, 'login|logout|auth') THEN 'logins'
           WHEN regexp_like(normalized.action, 'api_?key|apikey') THEN 'api keys'
           WHEN regexp_like(normalized.action, '^user_') THEN 'users'
           WHEN regexp_like(normalized.action, 'setting|config|flock|device') THEN 'settings'
           WHEN regexp_like(normalized.action, 'canarytoken|token') THEN 'canarytokens'
           ELSE 'other'
         END AS kind
  FROM canary_audit
  WHERE time >= ? AND time < ? AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
)
SELECT console, kind, action, count(*) AS entries, count(DISTINCT actor) AS users,
       array_join(array_sort(array_agg(DISTINCT actor)), ', ') AS by_whom, min(time) AS first, max(time) AS last
FROM entries
GROUP BY console, kind, action
ORDER BY console, kind, entries DESC, action
