-- Report: changes to users, API keys and settings in the audit trail, per console, the 100 latest
-- (logins, logouts and acknowledgements left out), and how many in all. The polled trail only.
-- The parameters are Athena execution parameters, in the WHERE clause as Athena requires, in this
-- order: since, until (ISO 8601 UTC, until excluded), console, console ('' for every console), since
-- (for the date partitions).
-- parameters: since until console console since
WITH changes AS (
  SELECT console, time, normalized.action AS action, normalized."user" AS actor,
         normalized.user_ip AS user_ip, message, normalized.audit_id AS audit_id
  FROM canary_audit
  WHERE time >= ? AND time < ? AND (? = '' OR console = ?) AND "date" >= substr(?, 1, 10) AND console IS NOT NULL
    AND regexp_like(normalized.action, '^user_|api_?key|apikey|setting|config|flock|device')
    AND NOT regexp_like(normalized.action, 'login|logout|acknowledge')
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
