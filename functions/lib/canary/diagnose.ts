import type { CollectorError } from '../core/errors.ts';

/** What an operator should do about a failed console request, in plain words. */
export function adviceFor(error: CollectorError): string {
  const message = error.message.toLowerCase();
  switch (error.code) {
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
    default:
      return 'See the troubleshooting table in the README for this code.';
  }
}
