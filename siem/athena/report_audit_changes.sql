-- Report: changes to users, API keys and settings in the audit trail, per console, the 100 latest
-- (logins, logouts and acknowledgements left out), and how many in all. Parameters, in order: since,
-- until (ISO 8601 UTC, until excluded), console ('' for every console).
WITH params AS (
  SELECT CAST(? AS varchar) AS since, CAST(? AS varchar) AS until, CAST(? AS varchar) AS console_name
),
changes AS (
  SELECT a.console, a.time, a.normalized.action AS action, a.normalized."user" AS actor,
         a.normalized.user_ip AS user_ip, a.message, a.normalized.audit_id AS audit_id
  FROM canary_audit a
  CROSS JOIN params p
  WHERE a.time >= p.since AND a.time < p.until AND (p.console_name = '' OR a.console = p.console_name)
    AND regexp_like(a.normalized.action, '^user_|api_?key|apikey|setting|config|flock|device')
    AND NOT regexp_like(a.normalized.action, 'login|logout|acknowledge')
),
ranked AS (
  SELECT changes.*,
         row_number() OVER (PARTITION BY console ORDER BY time DESC, audit_id DESC) AS rank,
         count(*) OVER (PARTITION BY console) AS changes_in_all
  FROM changes
)
SELECT console, rank, time, action, actor, user_ip, message, changes_in_all
FROM ranked
WHERE rank <= 100
ORDER BY console, rank
