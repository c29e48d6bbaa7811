/**
 * What an operator should do about a failure, in plain words, for every error code: it goes into the
 * failed run's log line, `test-connection` and the README's troubleshooting table.
 */
export function adviceFor(code: string, detail: string): string {
  const message = detail.toLowerCase();
  switch (code) {
    case 'CANARY_UNREACHABLE':
      return message.includes('does not resolve')
        ? 'The console host name does not resolve: check the domain hash (the part before .canary.tools, shown in Global Settings → API).'
        : 'The console could not be reached: check the network path (VPC egress, proxy, firewall) to <hash>.canary.tools on port 443.';
    case 'CANARY_TIMEOUT':
      return 'The console did not answer in time: check the network path, or raise HTTP_TIMEOUT_MS.';
    case 'CANARY_AUTH_FAILED':
      return 'The console rejected the auth token: check the token in the secret, or create a new API key in Global Settings → API.';
    case 'CANARY_FORBIDDEN':
      return message.includes('disabled')
        ? 'The console API is disabled: enable it in Global Settings → API.'
        : 'The token may not read this endpoint: use a console-wide Read-Only (or higher) API key, not a flock-scoped one.';
    case 'CANARY_NOT_FOUND':
      return 'The console answered 404: check the domain hash or base URL; the path must be /api/v1.';
    case 'CANARY_RATE_LIMITED':
      return 'The console is rate limiting: run the collector less often, or ask Thinkst about the limit.';
    case 'CANARY_UNAVAILABLE':
      return 'The console kept failing with server errors: check status.canary.tools and try again later.';
    case 'CANARY_REDIRECT':
      return 'The console redirected the request: use the console’s own https://<hash>.canary.tools address.';
    case 'HOST_NOT_ALLOWED':
      return 'Use https://<hash>.canary.tools, list the host in the console’s allowedHosts, or http:// only on loopback.';
    case 'CANARY_API_ERROR':
      return 'The console refused the request with its own message (above): act on it; the next run retries.';
    case 'CANARY_BAD_RESPONSE':
      return 'The console sent a body that is not JSON, after every retry: usually transient; if it persists, check for a proxy in the path.';
    case 'CANARY_SCHEMA_MISMATCH':
      return 'A console reply lacked a field the collector needs (named above): the API changed; report it with the field name.';
    case 'CANARY_RESPONSE_TOO_LARGE':
      return 'The console sent a body over 64 MiB: check for a proxy in the path; lower PAGE_SIZE if pages really are that large.';
    case 'CANARY_CURSOR_LOOP':
      return 'The console returned a pagination cursor twice, so the walk stopped: report it to Thinkst; the next run tries again.';
    case 'CONFIG_INVALID':
      return 'Fix the configuration keys named above (the README lists every key and its range), then redeploy.';
    case 'EVENT_INVALID':
      return 'Give the schedule the input {"console": "<name>"}.';
    case 'CONSOLE_UNKNOWN':
      return 'Add the console to CONSOLES (the deployment config), or fix the schedule input.';
    case 'SECRET_UNAVAILABLE':
      return 'Check that the secret exists, that its ARN is the configured one, and that the function may read it.';
    case 'SECRET_INVALID':
      return 'Put {"domainHash": "<hash>", "authToken": "<API key>"} (or "baseUrl" instead of "domainHash") into the secret.';
    case 'RECORD_TOO_LARGE':
      return 'A record exceeded what Firehose takes although it should have been split: report it.';
    case 'SINK_FAILED':
      return 'Firehose refused the records: check the stream, its quotas and its destination; the next run sends them again.';
    case 'CHECKPOINT_CONFLICT':
      return 'Another run changed the checkpoint (its lease had expired): nothing to do, the next run continues; raise the function timeout if it recurs.';
    case 'CHECKPOINT_UNAVAILABLE':
      return 'DynamoDB could not be written: check the table and the function permission; the next run sends the last page again.';
    default:
      return 'See the troubleshooting table in the README for this code.';
  }
}
