/**
 * What an operator should do about a failure, in plain words, for every error code: it goes into the
 * failed run's log line, the CLI, `test-connection` and the troubleshooting table. The advice names
 * what the person can change where the collector runs: in Lambda the console's secret, the
 * deployment config and a redeploy; locally the CANARY_* environment variables and CLI options.
 */
export interface AdviceContext {
  where: 'lambda' | 'local';
  /** How the console is addressed: a domain hash, or a base URL (loopback for the simulator). */
  target?: 'domain' | 'url' | 'loopback';
}

export const IN_LAMBDA: AdviceContext = { where: 'lambda' };

export function adviceFor(code: string, detail: string, context: AdviceContext = IN_LAMBDA): string {
  const message = detail.toLowerCase();
  const local = context.where === 'local';
  const say = (inLambda: string, onThisMachine: string) => (local ? onThisMachine : inLambda);
  const address =
    context.target === 'domain'
      ? say('the domainHash in the console’s secret', 'CANARY_DOMAIN')
      : context.target === undefined
        ? say('the domainHash or baseUrl in the console’s secret', 'CANARY_DOMAIN or CANARY_BASE_URL')
        : say('the baseUrl in the console’s secret', 'CANARY_BASE_URL');
  switch (code) {
    case 'CANARY_UNREACHABLE':
      if (message.includes('does not resolve'))
        return `The console host name does not resolve: check ${address} (the domain hash is the part before .canary.tools, shown in Global Settings → API).`;
      if (context.target === 'loopback')
        return `Nothing answers at ${address}: start the console (or simulator) it names, or fix the port.`;
      return say(
        'The console could not be reached: check the network path (VPC egress, proxy, firewall) to the console on port 443.',
        'The console could not be reached: check this machine’s network path (proxy, firewall, VPN) to the console on port 443.',
      );
    case 'CANARY_TIMEOUT':
      return say(
        'The console did not answer in time: check the network path, or raise HTTP_TIMEOUT_MS.',
        'The console did not answer in time: check the network path, or set HTTP_TIMEOUT_MS higher in the environment.',
      );
    case 'CANARY_AUTH_FAILED':
      return say(
        'The console rejected the auth token: put a valid authToken into the console’s secret (a new API key comes from Global Settings → API); the next run reads it.',
        'The console rejected the auth token: check CANARY_AUTH_TOKEN, or create a new API key in Global Settings → API.',
      );
    case 'CANARY_FORBIDDEN':
      return message.includes('disabled')
        ? 'The console API is disabled: enable it in Global Settings → API.'
        : 'The token may not read this endpoint: use a console-wide Read-Only (or higher) API key, not a flock-scoped one.';
    case 'CANARY_NOT_FOUND':
      return `The console answered 404: check ${address}; the API path must be /api/v1.`;
    case 'CANARY_RATE_LIMITED':
      return say(
        'The console is rate limiting: raise the source’s intervalMinutes in the deployment config and redeploy, or ask Thinkst about the limit.',
        'The console is rate limiting: run less often (--interval), or ask Thinkst about the limit.',
      );
    case 'CANARY_UNAVAILABLE':
      return 'The console kept failing with server errors: check status.canary.tools and try again later.';
    case 'CANARY_REDIRECT':
      return `The console redirected the request: give the console’s own https://<hash>.canary.tools address in ${address}.`;
    case 'HOST_NOT_ALLOWED':
      return say(
        'Use https://<hash>.canary.tools, or list the host in the console’s allowedHosts in the deployment config and redeploy; plain http is for loopback only.',
        'Use CANARY_DOMAIN=<hash> for https://<hash>.canary.tools, or list the host in CANARY_ALLOWED_HOSTS; plain http is for loopback only.',
      );
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
    case 'CANARY_PAGING_INCOMPLETE':
      return 'The console stopped paging before the end it announced, so the run stopped rather than skip the rest: the checkpoint holds and the next run reads again; report it to Thinkst if it recurs.';
    case 'CONFIG_INVALID':
      return say(
        'Fix the configuration keys named above (docs/configuration.md lists every key and its range), then redeploy.',
        'Fix the settings named above (environment variables or options: canary-collector --help).',
      );
    case 'EVENT_INVALID':
      return 'Invoke the function with {"console": "<name>"}, as the dispatcher does; a test event in the Lambda console needs it too.';
    case 'CONSOLE_UNKNOWN':
      return say(
        'Add the console (canary-collector console add, or the deployment config’s consoles and a redeploy), or fix the name in the event.',
        'Name a console that has local state (canary-collector status --local lists them).',
      );
    case 'SECRET_UNAVAILABLE':
      return 'Check that the secret exists, that its ARN is the configured one, and that the function may read it.';
    case 'SECRET_INVALID':
      return say(
        'Put {"domainHash": "<hash>", "authToken": "<API key>"} (or "baseUrl" instead of "domainHash") into the secret.',
        'Set CANARY_AUTH_TOKEN and one of CANARY_DOMAIN or CANARY_BASE_URL.',
      );
    case 'RECORD_TOO_LARGE':
      return 'A record exceeded what Firehose takes although it should have been split: report it.';
    case 'SINK_FAILED':
      return say(
        'Firehose refused the records: check the stream, its quotas and its destination; the next run sends them again.',
        'The local Firehose emulator refused the records: check that the output folder is writable; the next pass sends them again.',
      );
    case 'DISPATCH_FAILED':
      return 'SQS refused the run requests: check the queue and its permissions; the next minute dispatches again, and a console due then still runs within its interval.';
    case 'CHECKPOINT_CONFLICT':
      return 'Another run changed the checkpoint (its lease had expired): nothing to do, the next run continues; raise the function timeout if it recurs.';
    case 'CHECKPOINT_UNAVAILABLE':
      return say(
        'DynamoDB could not be written: check the table and the function permission; the next run sends the last page again.',
        'The local state could not be written: check .local/ (another canary-collector may be using it); the next pass sends the last page again.',
      );
    default:
      return 'See docs/errors.md for this code.';
  }
}
