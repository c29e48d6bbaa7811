import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPush } from '#dev/push.ts';
import { startPushServer } from '#dev/pushServer.ts';
import { localContext, startLocalStack } from '#dev/stack.ts';
import { createHandler } from '#lib/entrypoints/collector.ts';
import { createPushHandler } from '#lib/entrypoints/pushReceiver.ts';
import { incidents } from '#lib/sources/incidents.ts';
import { bundleHandler } from './bundle.ts';
import { writeResults } from './results.ts';

/**
 * `npm run bench:freshness [-- --minutes <n>]`: how long from an incident's creation on the console to
 * its record in the Firehose output, by push and by polling every minute, on the local stack: the
 * simulator posts its webhook to the local receiver as a console does, and the incidents function runs
 * at the top of every minute as the dispatcher would run it. Incidents are made at random moments over
 * the window. Also: the receiver's first request in a new container and its warm requests.
 */
const minutesArg = process.argv.indexOf('--minutes');
const MINUTES = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 3;
if (!Number.isFinite(MINUTES) || MINUTES < 1 || MINUTES > 60) {
  process.stderr.write('--minutes must be 1-60\n');
  process.exit(2);
}
process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const stack = await startLocalStack({
  outDir: mkdtempSync(join(tmpdir(), 'freshness-')),
  simulator: { incidents: 20 },
});
const simulator = stack.simulator;
if (simulator === undefined) throw new Error('the bench needs the simulator');

// when each record reached the Firehose output: (source, hash) → ms
const arrived = new Map<string, number>();
const original = stack.firehose.handle.bind(stack.firehose);
stack.firehose.handle = (operation, input) => {
  const result = original(operation, input);
  const now = Date.now();
  for (const record of (input.Records as Array<{ Data: string }> | undefined) ?? []) {
    const line = JSON.parse(Buffer.from(record.Data, 'base64').toString('utf8')) as {
      source: string;
      normalized?: { hash_id?: string };
    };
    const key = `${line.source}:${line.normalized?.hash_id}`;
    if (!arrived.has(key)) arrived.set(key, now);
  }
  return result;
};

// the bench sends 200 requests back to back: above the receiver's default rate
const push = await startLocalPush(stack, { settings: { PUSH_RATE_PER_SECOND: '1000', PUSH_BURST: '10000' } });
const poll = createHandler(incidents);
await poll({ console: stack.consoleName }, localContext(60_000));

/** The console's test webhook to `base`, timed at the sender. */
const timedTest = async (base: string) => {
  const at = performance.now();
  const reply = await fetch(`${base}/${stack.consoleName}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [push.header.name]: push.header.value },
    body: JSON.stringify({
      LogType: 111111,
      Timestamp: `${new Date().toISOString().slice(0, 19).replace('T', ' ')} (UTC)`,
    }),
  });
  await reply.arrayBuffer();
  if (reply.status !== 200) throw new Error(`the receiver answered ${reply.status}`);
  return performance.now() - at;
};
// a new container's first request (its clients built, the key read), five times
const cold: number[] = [];
for (let i = 0; i < 5; i++) {
  const fresh = await startPushServer(createPushHandler());
  cold.push(await timedTest(fresh.url));
  await fresh.stop();
}
const warm: number[] = [];
for (let i = 0; i < 200; i++) warm.push(await timedTest(push.url));

// the part of a Lambda cold start this machine can measure: loading the bundle as Lambda bundles it
const bundleDir = mkdtempSync(join(tmpdir(), 'receiver-bundle-'));
const bundleFile = await bundleHandler('push-receiver', bundleDir);
const loads = Array.from({ length: 5 }, () => {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(bundleFile)}); console.log(performance.now() - t);`,
    ],
    { encoding: 'utf8' },
  );
  return Number(child.stdout.trim());
});
const bundleKb = Math.round(statSync(bundleFile).size / 1024);

// the window: incidents at random moments, polling at the top of each minute
const created = new Map<string, number>();
const end = Date.now() + MINUTES * 60_000;
const count = MINUTES * 8;
const moments = Array.from(
  { length: count },
  () => Date.now() + Math.random() * (end - Date.now() - 5000),
).sort();
process.stdout.write(`measuring for ${MINUTES} minute(s): ${count} incidents, polling every minute\n`);
const polls: Promise<void>[] = [];
const untilNextMinute = () => 60_000 - (Date.now() % 60_000);
let pollTimer = setTimeout(function tick() {
  polls.push(poll({ console: stack.consoleName }, localContext(55_000)).then(() => undefined));
  pollTimer = setTimeout(tick, untilNextMinute());
}, untilNextMinute());
for (const moment of moments) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, moment - Date.now())));
  const [index] = simulator.addIncidents(1, { logtype: 4002 });
  created.set(String(simulator.store.render(index as number).hash_id), Date.now());
}
// the last incidents need the next minute's poll
await new Promise((resolve) => setTimeout(resolve, untilNextMinute() + 5000));
clearTimeout(pollTimer);
await Promise.all(polls);
await simulator.webhooks.settled();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const lag = (source: string) =>
  [...created].flatMap(([hash, at]) => {
    const got = arrived.get(`${source}:${hash}`);
    return got === undefined ? [] : [got - at];
  });
const show = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);
const pushed = lag('alert');
const polled = lag('incident');
process.stdout.write(
  [
    '',
    `| path | incidents | p50 | p95 | max |`,
    '| --- | ---: | ---: | ---: | ---: |',
    `| push (webhook) | ${pushed.length} of ${created.size} | ${show(percentile(pushed, 50))} | ${show(percentile(pushed, 95))} | ${show(Math.max(...pushed))} |`,
    `| polling, every minute | ${polled.length} of ${created.size} | ${show(percentile(polled, 50))} | ${show(percentile(polled, 95))} | ${show(Math.max(...polled))} |`,
    '',
    `receiver bundle: ${bundleKb} KiB, loaded in p50 ${show(percentile(loads, 50))} (5 fresh processes)`,
    `receiver: a new container's first request p50 ${show(percentile(cold, 50))}, max ${show(Math.max(...cold))} (5 containers; locally, without Lambda's own runtime start); warm requests p50 ${show(percentile(warm, 50))}, p95 ${show(percentile(warm, 95))} (200 test webhooks)`,
    'idle cost: Lambda and its function URL $0; the push key (Secrets Manager) $0.40 and its alarm $0.10 a month',
    'to the SIEM add the delivery stream’s buffer: S3 bufferingSeconds (60-900), Splunk/HTTP per their buffering',
    '',
  ].join('\n'),
);
// milliseconds with a tenth under one second, whole above: as `show` prints them, kept as numbers
const msFigure = (ms: number) => (ms < 1000 ? Math.round(ms) : Math.round(ms / 100) * 100);
writeResults('freshness', {
  minutes: MINUTES,
  incidents: created.size,
  'push.arrived': pushed.length,
  'push.p50Ms': msFigure(percentile(pushed, 50)),
  'push.p95Ms': msFigure(percentile(pushed, 95)),
  'push.maxMs': msFigure(Math.max(...pushed)),
  'polling.arrived': polled.length,
  'polling.p50S': msFigure(percentile(polled, 50)) / 1000,
  'polling.p95S': msFigure(percentile(polled, 95)) / 1000,
  'polling.maxS': msFigure(Math.max(...polled)) / 1000,
  'receiver.bundleKib': bundleKb,
  'receiver.loadP50Ms': msFigure(percentile(loads, 50)),
  'receiver.firstRequestP50Ms': msFigure(percentile(cold, 50)),
  'receiver.warmP50Ms': msFigure(percentile(warm, 50)),
  'receiver.warmP95Ms': msFigure(percentile(warm, 95)),
});
await push.stop();
await stack.stop();
