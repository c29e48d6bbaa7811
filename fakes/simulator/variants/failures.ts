import { ENDPOINTS, type ReplyVariant, raw } from './reply.ts';

/** Failures a console or a proxy answers with: they change the reply's meaning, so never in a mix. */
export const FAILURE_VARIANTS: readonly ReplyVariant[] = [
  // Failures
  {
    id: 'error-200',
    endpoints: ENDPOINTS,
    what: '`{"result": "error", "message": …}` with HTTP 200',
    seen: 'thinkst/canarytools-python:canarytools/console.py (`handle_response` keys on `result`); SherifEldeeb/go-canarytools:ConsoleAPI.go (never reads the status); Azure/Azure-Sentinel:…/ThinkstCanary_PollingConfig.json (`successStatusJsonPath: $.result`) — defended',
    handled:
      "CANARY_API_ERROR with the console's message (CANARY_AUTH_FAILED for its two auth messages); the checkpoint holds.",
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, JSON.stringify({ message: 'Something went wrong', result: 'error' })),
  },
  {
    id: 'error-failure',
    endpoints: ENDPOINTS,
    what: '`"result": "failure"` instead of `"error"`',
    seen: 'demisto/content:Packs/ThinkstCanary/Integrations/ThinkstCanary/ThinkstCanary.py (`whitelist_ip_command` branches on `failure`) — defended',
    handled: 'The same as `"error"`: CANARY_API_ERROR.',
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, JSON.stringify({ message: 'Request failed', result: 'failure' })),
  },
  {
    id: 'error-no-message',
    endpoints: ENDPOINTS,
    what: '`{"result": "error"}` without a message',
    seen: 'thinkst/canarytools-python:canarytools/console.py (`handle_exception` raises a generic error without one) — defended',
    handled: 'CANARY_API_ERROR saying "no message".',
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, JSON.stringify({ result: 'error' })),
  },
  {
    id: 'html-200',
    endpoints: ENDPOINTS,
    what: 'an HTML page with HTTP 200 (a proxy, captive portal or login page)',
    seen: 'splunk-soar-connectors/canary:canary_connector.py (`_process_html_response`: "PROXY\'s return HTML"); thinkst/canary-utils:bash/canary_api2csv.sh ("unable to parse html content") — defended',
    handled: "CANARY_BAD_RESPONSE naming the page's title, retried with backoff; the checkpoint holds.",
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () =>
      raw(
        200,
        '<!DOCTYPE html><html><head><title>Sign in - Corp Proxy</title></head><body>Log in</body></html>',
        'text/html',
      ),
  },
  {
    id: 'html-502',
    endpoints: ENDPOINTS,
    what: 'an HTML error page with HTTP 502 from a gateway',
    seen: 'splunk-soar-connectors/canary:canary_connector.py; demisto/content:…/ThinkstCanary.py (`http_request`: a `ValueError` on the body shows `res.text`) — defended',
    handled: "CANARY_UNAVAILABLE, retried with backoff (5xx), the page's title in the message.",
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () =>
      raw(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html'),
  },
  {
    id: 'empty-200',
    endpoints: ENDPOINTS,
    what: 'an empty body with HTTP 200',
    seen: 'elastic/integrations:…/incident/agent/stream/cel.yml.hbs (`size(resp.Body) != 0`, else an error); splunk-soar-connectors/canary:canary_connector.py (`_process_empty_response`) — defended',
    handled: 'CANARY_BAD_RESPONSE ("the reply is empty"), retried: an empty body does not say "nothing new".',
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, ''),
  },
];
