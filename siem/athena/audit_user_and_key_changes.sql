-- Audit trail: changes to users and API keys (logins and logouts left out).
SELECT time, console, normalized.action AS action, normalized."user" AS actor,
       normalized.user_ip AS user_ip, message
FROM canary_audit
WHERE regexp_like(normalized.action, '^(user_|api_?key|apikey)')
  AND normalized.action NOT IN ('user_login', 'user_logout')
ORDER BY time, action
