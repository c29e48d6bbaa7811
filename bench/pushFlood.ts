import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalPush } from '#dev/push.ts';
import { startLocalStack } from '#dev/stack.ts';
import { TEST_WEBHOOK } from '#fakes/simulator/webhooks.ts';
import { createPushHandler, type FunctionUrlEvent } from '#lib/entrypoints/pushReceiver.ts';
import { writeResults } from './results.ts';

/**
 * `npm run bench:push-flood`: the push receiver while one container is flooded with unauthenticated
 * requests, on the local stack (real HTTP, the real handler, dynalite and the emulators). Prints a
 * genuine console's webhook latency (p50/p95) alone and during the flood, the refused requests per
 * second, and what one refused request costs the handler: CPU time and bytes written to the log
 * (CloudWatch Logs bills those), from which a million of them is figured.
 */
const SELF = fileURLToPath(import.meta.url);
if (process.argv[2] === '--flood') await floodFor(String(process.argv[3]), Number(process.argv[4]));
if (process.argv[2] === '--handler') await handlerAlone(String(process.argv[3]));

const GENUINE = 200;
const FLOOD_IN_FLIGHT = 64;
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

const stack = await startLocalStack({
  outDir: mkdtempSync(join(tmpdir(), 'push-flood-')),
  simulator: { incidents: 0 },
});
const push = await startLocalPush(stack, {
  auditTrail: false,
  settings: { PUSH_RATE_PER_SECOND: '20', PUSH_BURST: '100' },
});
await stack.simulator?.webhooks.settled();

// the receiver's own log lines are not the figures: kept off the terminal
const write = process.stdout.write.bind(process.stdout);
const silent = (() => true) as typeof process.stdout.write;

const post = async (header: string | undefined, body: unknown): Promise<number> => {
  const reply = await fetch(push.consoleUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(header === undefined ? {} : { [push.header.name]: header }),
    },
    body: JSON.stringify(body),
  });
  await reply.arrayBuffer();
  return reply.status;
};

async function genuine(count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const status = await post(push.header.value, TEST_WEBHOOK(Date.now()));
    if (status !== 200) throw new Error(`the genuine console's webhook was answered ${status}`);
    latencies.push(performance.now() - started);
    // a console sends a webhook per incident, not a stream: one every 20 ms is already a storm
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

process.stdout.write = silent;
const alone = await genuine(GENUINE);

// the flood comes from another process, as it would from another machine: it shares no event loop with the receiver
const floodSeconds = 8;
const flooder = spawn(
  process.execPath,
  [...process.execArgv, SELF, '--flood', push.consoleUrl, String(floodSeconds)],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let flooderOut = '';
flooder.stdout.on('data', (chunk: Buffer) => {
  flooderOut += chunk.toString();
});
await new Promise((resolve) => setTimeout(resolve, 500));
const during: number[] = [];
const floodEnds = Date.now() + (floodSeconds - 1) * 1000;
while (Date.now() < floodEnds) during.push(...(await genuine(1)));
await new Promise((resolve) => flooder.on('exit', resolve));
const { refused, other, seconds } = JSON.parse(flooderOut) as {
  refused: number;
  other: number;
  seconds: number;
};

// one refused request in a container of its own (another process, its log read from its stdout): CPU
// and log bytes, with a clock that moves 10 ms a request, so the run spans many one-minute windows
// (async: this process serves the emulators the child's handler reads its key and registry from)
const alone1 = await collected(
  spawn(process.execPath, [...process.execArgv, SELF, '--handler', stack.consoleName], {
    env: { ...process.env, ...stack.env, POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }),
);
const lines = alone1.stdout.trimEnd().split('\n');
const result = JSON.parse(lines.pop() as string) as {
  requests: number;
  cpuMs: number;
  simulatedSeconds: number;
};
const logBytesPerRequest =
  (Buffer.byteLength(lines.join('\n')) + Buffer.byteLength(alone1.stderr)) / result.requests;
const cpuPerRequestMs = result.cpuMs / result.requests;
process.stdout.write = write;

await push.stop();
await stack.stop();

const perMillion = {
  // Lambda bills each invocation at least 1 ms; arm64 $0.0000133334 per GB-s at 256 MB, $0.20 per million requests
  lambda: 1e6 * (Math.max(1, Math.ceil(cpuPerRequestMs)) / 1000) * 0.25 * 0.0000133334 + 0.2,
  logs: ((1e6 * logBytesPerRequest) / 1e9) * 0.5,
};
process.stdout.write(
  `${[
    `genuine console, ${GENUINE} webhooks alone:          p50 ${ms(quantile(alone, 0.5))}, p95 ${ms(quantile(alone, 0.95))}`,
    `genuine console, ${during.length} webhooks during a flood: p50 ${ms(quantile(during, 0.5))}, p95 ${ms(quantile(during, 0.95))}, all 200`,
    `flood: ${FLOOD_IN_FLIGHT} unauthenticated requests in flight from another process, ${Math.round(refused / seconds)} refused/s (401), ${other} answered otherwise`,
    `one refused request, a container alone: ${(cpuPerRequestMs * 1000).toFixed(1)} µs CPU, ${logBytesPerRequest.toFixed(3)} log bytes (log lines and EMF metrics, over ${result.requests.toLocaleString('en-US')} requests spanning ${Math.round(result.simulatedSeconds / 60)} minutes)`,
    `a million refused requests: ~$${perMillion.lambda.toFixed(2)} of Lambda (1 ms billed each, 256 MB, arm64, with the request charge), ~$${perMillion.logs.toFixed(4)} of CloudWatch Logs ingestion`,
  ].join('\n')}\n`,
);

// the figures as printed above, as numbers
const tenth = (value: number) => Math.round(value * 10) / 10;
writeResults('push-flood', {
  genuineWebhooks: GENUINE,
  'alone.p50Ms': tenth(quantile(alone, 0.5)),
  'alone.p95Ms': tenth(quantile(alone, 0.95)),
  'flood.genuineWebhooks': during.length,
  'flood.p50Ms': tenth(quantile(during, 0.5)),
  'flood.p95Ms': tenth(quantile(during, 0.95)),
  'flood.inFlight': FLOOD_IN_FLIGHT,
  'flood.refusedPerSecond': Math.round(refused / seconds),
  'flood.answeredOtherwise': other,
  'refused.cpuUs': tenth(cpuPerRequestMs * 1000),
  'refused.logBytes': Math.round(logBytesPerRequest * 1000) / 1000,
  'refused.requests': result.requests,
  'refused.simulatedMinutes': Math.round(result.simulatedSeconds / 60),
  'million.lambda': `$${perMillion.lambda.toFixed(2)}`,
  'million.logs': `$${perMillion.logs.toFixed(4)}`,
});

/** The flood: unauthenticated requests, FLOOD_IN_FLIGHT at a time, for `seconds`; prints its counts. */
async function floodFor(url: string, seconds: number): Promise<never> {
  const until = Date.now() + seconds * 1000;
  let refused = 0;
  let other = 0;
  await Promise.all(
    Array.from({ length: 64 }, async (_, lane) => {
      while (Date.now() < until) {
        const reply = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(lane % 2 === 0 ? {} : { 'x-canary-collector-key': 'f'.repeat(64) }),
          },
          body: '{"flood":true}',
        });
        await reply.arrayBuffer();
        if (reply.status === 401) refused++;
        else other++;
      }
    }),
  );
  process.stdout.write(JSON.stringify({ refused, other, seconds }));
  process.exit(0);
}

/** One receiver container's handler, 100,000 refused requests, its log on stdout, the figures last. */
async function handlerAlone(consoleName: string): Promise<never> {
  let now = Date.now();
  const handler = createPushHandler({ now: () => now });
  const event: FunctionUrlEvent = {
    rawPath: `/${consoleName}`,
    headers: { 'content-type': 'application/json', 'x-canary-collector-key': 'f'.repeat(64) },
    body: '{"x":1}',
    requestContext: { http: { method: 'POST', sourceIp: '203.0.113.9' } },
  };
  await handler(event);
  const requests = 100_000;
  const started = now;
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    now += 10;
    await handler(event);
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `\n${JSON.stringify({ requests, cpuMs: (used.user + used.system) / 1000, simulatedSeconds: (now - started) / 1000 })}\n`,
  );
  process.exit(0);
}

/** What a child process writes to stdout and stderr (the logger's warnings), once it has exited. */
function collected(child: ChildProcess): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', () => resolve(out)));
}
