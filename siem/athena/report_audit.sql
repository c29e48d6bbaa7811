-- Report: the console's audit trail in the range, per console and kind of action: logins (and
-- failed ones), users, API keys, settings (console, flock and Canary), Canarytokens, and the rest;
-- how many, by whom, first and last. Parameters, in order: since, until (ISO 8601 UTC, until
-- excluded), console ('' for every console). report_audit_changes lists the changes themselves.
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
entries AS (
  SELECT a.console, a.normalized.action AS action, a.normalized."user" AS actor, a.time,
         CASE
           WHEN regexp_like(a.normalized.action, 'login|logout|auth') THEN 'logins'
           WHEN regexp_like(a.normalized.action, 'api_?key|apikey') THEN 'api keys'
           WHEN regexp_like(a.normalized.action, '^user_') THEN 'users'
           WHEN regexp_like(a.normalized.action, 'setting|config|flock|device') THEN 'settings'
           WHEN regexp_like(a.normalized.action, 'canarytoken|token') THEN 'canarytokens'
           ELSE 'other'
         END AS kind
  FROM canary_audit a
  CROSS JOIN params p
  WHERE a.time >= p.since AND a.time < p.until AND (p.console_name = '' OR a.console = p.console_name)
)
SELECT console, kind, action, count(*) AS entries, count(DISTINCT actor) AS users,
       array_join(array_sort(array_agg(DISTINCT actor)), ', ') AS by_whom, min(time) AS first, max(time) AS last
FROM entries
GROUP BY console, kind, action
ORDER BY console, kind, entries DESC, action
