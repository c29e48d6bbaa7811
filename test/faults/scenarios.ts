import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from '#fakes/emulators/awsJson.ts';
import type { SourceName } from '#lib/core/ports.ts';
import type { localRun } from '../support/localRun.ts';

export type Local = Awaited<ReturnType<typeof localRun>>;

export const PATHS: Record<SourceName, string> = {
  incidents: '/incidents/all',
  'audit-trail': '/audit_trail/fetch',
  birds: '/devices/all',
  tokens: '/canarytokens/paginate',
};

export interface Scenario {
  name: string;
  /** The sources it applies to (default: all four). */
  sources?: SourceName[];
  /** The error code the first failing run must report; undefined when retries hide the fault. */
  code?: string;
  /** Simulator options for this scenario (e.g. a console that ignores after_id). */
  simulator?: Record<string, unknown>;
  /** Arms the fault before the first run. */
  arm(local: Local, source: SourceName): void | Promise<void>;
  /** After each run (1-based): an operator's fix, e.g. a rotated secret. */
  afterRun?(local: Local, source: SourceName, run: number): void;
  /** Run two containers at once on the first run. */
  concurrent?: boolean;
  /** Extra checks, e.g. that a redirect target saw no request. */
  verify?(): void;
}

const inject =
  (status: number, times: number, extra: Record<string, unknown> = {}) =>
  (local: Local, source: SourceName) =>
    local.simulator.inject({
      path: PATHS[source],
      status,
      times,
      body: JSON.stringify({ result: 'error', message: `simulated ${status}` }),
      ...extra,
    });

/**
 * Makes Firehose calls fail as an outage would, from the `from`-th call, for `count` calls (the SDK
 * retries each call itself, and the sink retries after it), or until firehoseBack() restores it.
 */
function firehoseFails(
  local: Local,
  from: number,
  count = Number.POSITIVE_INFINITY,
  error = 'ServiceUnavailableException',
): void {
  const emulator = local.stack.firehose;
  const original = emulator.handle.bind(emulator);
  let calls = 0;
  emulator.handle = (operation, input) => {
    calls++;
    if (calls >= from && calls < from + count) throw new AwsError(error, 'simulated outage', 500);
    return original(operation, input);
  };
  restoreFirehose.set(local, () => {
    emulator.handle = original;
  });
}
const restoreFirehose = new WeakMap<Local, () => void>();
const firehoseBack = (local: Local) => restoreFirehose.get(local)?.();

let trapRequests = 0;
const trap = createServer((_req, res) => {
  trapRequests++;
  res.end('{}');
});
export const trapReady = new Promise<string>((resolve) =>
  trap.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(trap.address() as AddressInfo).port}`)),
);
export const closeTrap = () => new Promise<void>((resolve) => trap.close(() => resolve()));

const multiPage: SourceName[] = ['incidents', 'audit-trail', 'tokens'];
const secondPage = (source: SourceName) => (source === 'birds' ? 1 : 2);

export const SCENARIOS: Scenario[] = [
  // The console
  { name: '429 burst with Retry-After', arm: inject(429, 3, { headers: { 'retry-after': '0' } }) },
  {
    name: '429 with Retry-After as an HTTP date',
    arm: inject(429, 1, { headers: { 'retry-after': new Date(0).toUTCString() } }),
  },
  { name: '429 burst without Retry-After', arm: inject(429, 2) },
  { name: '500 twice', arm: inject(500, 2) },
  { name: '502 twice', arm: inject(502, 2) },
  { name: '503 twice', arm: inject(503, 2) },
  { name: '504 once', arm: inject(504, 1) },
  {
    name: '502 with an HTML page',
    arm: inject(502, 1, {
      body: '<html><body>Bad Gateway</body></html>',
      headers: { 'content-type': 'text/html' },
    }),
  },
  { name: '503 past every retry', code: 'CANARY_UNAVAILABLE', arm: inject(503, 6) },
  {
    name: 'slower than the client timeout',
    arm: (local, source) => local.simulator.inject({ path: PATHS[source], delayMs: 1500, status: 200 }),
  },
  {
    name: 'connection reset twice',
    arm: (local, source) => local.simulator.inject({ path: PATHS[source], reset: true, times: 2 }),
  },
  { name: 'malformed JSON', arm: inject(200, 1, { body: '{"result": "succ' }) },
  {
    name: 'truncated JSON',
    arm: inject(200, 1, { body: '{"result": "success", "incidents": [{"id": "incident:1", "upd' }),
  },
  { name: 'empty body', arm: inject(200, 1, { body: '' }) },
  {
    name: 'result "error" body',
    code: 'CANARY_API_ERROR',
    arm: inject(200, 1, {
      body: JSON.stringify({ result: 'error', message: 'Something went wrong on the console' }),
    }),
  },
  {
    name: 'schema drift (new fields, missing optional fields, numbers as strings)',
    arm: (local) => {
      local.simulator.drift = true;
    },
  },
  {
    name: 'cursor fails mid-walk',
    sources: multiPage,
    code: 'CANARY_UNAVAILABLE',
    simulator: { afterIdMode: 'ignored' },
    arm: (local, source) =>
      local.simulator.inject({ path: PATHS[source], query: 'cursor=', status: 500, times: 6 }),
  },
  {
    name: 'data changes while a walk is under way',
    sources: ['incidents', 'audit-trail'],
    arm: (local, source) => {
      local.simulator.onRequest = (path, count) => {
        if (path !== PATHS[source] || count !== 2) return;
        local.simulator.store.add(10);
        for (let i = 0; i < 5; i++) local.simulator.store.acknowledge(i * 7);
        local.simulator.store.addEvents(3, 2);
        local.simulator.audit.add(10);
      };
    },
  },
  {
    name: 'token revoked mid-run, then rotated',
    code: 'CANARY_AUTH_FAILED',
    arm: (local, source) => {
      local.simulator.onRequest = (path, count) => {
        if (path === PATHS[source] && count === (source === 'birds' ? 1 : 2))
          local.simulator.options.authToken = 'rotated-token-5f1e';
      };
    },
    afterRun: (local) => {
      local.stack.secrets.put(
        local.stack.secretId,
        JSON.stringify({ baseUrl: local.simulator.url, authToken: local.simulator.options.authToken }),
      );
    },
  },
  {
    name: 'redirect to another host',
    code: 'CANARY_REDIRECT',
    arm: async (local, source) => {
      local.simulator.inject({
        path: PATHS[source],
        status: 302,
        headers: { location: `${await trapReady}/steal` },
        body: '',
      });
    },
    verify: () => {
      if (trapRequests !== 0) throw new Error(`the redirect target received ${trapRequests} requests`);
    },
  },
  {
    // fetch ahead: the second request is the page fetched while the first is delivered
    name: 'the page fetched ahead fails past every retry',
    sources: multiPage,
    code: 'CANARY_UNAVAILABLE',
    arm: (local, source) => {
      local.simulator.onRequest = (path, count) => {
        if (path === PATHS[source] && count === 2)
          local.simulator.inject({
            path: PATHS[source],
            status: 503,
            times: 6,
            body: JSON.stringify({ result: 'error', message: 'simulated 503' }),
          });
      };
    },
  },
  // AWS
  {
    name: 'Firehose refuses 1% of records',
    arm: (local) => {
      local.stack.firehose.failRate = 0.01;
    },
  },
  {
    name: 'Firehose refuses 10% of records',
    arm: (local) => {
      local.stack.firehose.failRate = 0.1;
    },
  },
  {
    name: 'Firehose refuses 30% of records',
    arm: (local) => {
      local.stack.firehose.failRate = 0.3;
    },
  },
  {
    name: 'Firehose refuses 100% of records',
    code: 'SINK_FAILED',
    arm: (local) => {
      local.stack.firehose.failRate = 1;
    },
    afterRun: (local) => {
      local.stack.firehose.failRate = 0;
    },
  },
  { name: 'Firehose throttling', arm: (local) => firehoseFails(local, 1, 2, 'ThrottlingException') },
  {
    name: 'Firehose outage',
    code: 'SINK_FAILED',
    arm: (local) => firehoseFails(local, 1),
    afterRun: firehoseBack,
  },
  { name: 'DynamoDB conditional-check conflict (a concurrent run)', concurrent: true, arm: () => {} },
  {
    name: 'Secrets Manager unavailable',
    code: 'SECRET_UNAVAILABLE',
    arm: (local) => {
      local.stack.secrets.failWith = 'InternalServiceError';
    },
    afterRun: (local) => {
      local.stack.secrets.failWith = undefined;
    },
  },
  // Crashes at each step boundary
  // (birds deliver one page per run: their crash comes at the first page)
  {
    name: 'crash after a fetch (the page never delivered)',
    code: 'SINK_FAILED',
    arm: (local, source) => firehoseFails(local, secondPage(source)),
    afterRun: firehoseBack,
  },
  {
    name: 'crash while a page is delivered and the next is in flight',
    sources: multiPage,
    code: 'SINK_FAILED',
    arm: (local, source) => {
      // the second page's delivery waits until the console has been asked for the third, then the
      // process's Firehose calls fail for good: the third page was read and must not count as sent
      const emulator = local.stack.firehose;
      const original = emulator.handle.bind(emulator);
      let calls = 0;
      emulator.handle = async (operation, input) => {
        if (++calls < 2) return original(operation, input);
        const asked = () => local.simulator.requests.filter((r) => r.path === PATHS[source]).length;
        for (let waited = 0; asked() < 3 && waited < 2000; waited += 10)
          await new Promise((resolve) => setTimeout(resolve, 10));
        if (asked() < 3) throw new Error('the third page was never asked for while the second was delivered');
        throw new AwsError('ServiceUnavailableException', 'simulated crash', 500);
      };
      restoreFirehose.set(local, () => {
        emulator.handle = original;
      });
    },
    afterRun: firehoseBack,
  },
  {
    name: 'crash after delivery, before the commit',
    code: 'CHECKPOINT_CONFLICT',
    arm: (local, source) => local.crashAfterBatch(source, secondPage(source)),
  },
  {
    name: 'crash during the commit',
    code: 'CHECKPOINT_UNAVAILABLE',
    afterRun: (local) => {
      if (local.stack.proxy !== undefined) local.stack.proxy.failCommits = 0;
    },
    arm: (local, source) => {
      // earlier commits go through; the commit of the second page (birds: the first) fails every retry
      const proxy = local.stack.proxy;
      if (proxy === undefined) throw new Error('needs the DynamoDB proxy');
      let commits = 0;
      const original = local.stack.firehose.handle.bind(local.stack.firehose);
      local.stack.firehose.handle = (operation, input) => {
        if (++commits === secondPage(source)) proxy.failCommits = Number.POSITIVE_INFINITY;
        return original(operation, input);
      };
    },
  },
];
