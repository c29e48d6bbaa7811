import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '#dev/stack.ts';
import { DelayProxy } from '#fakes/emulators/delayProxy.ts';
import { createCollector } from '#lib/entrypoints/collector.ts';
import { incidents } from '#lib/sources/incidents.ts';
import { writeResults } from './results.ts';

/**
 * What fetching ahead saves against a console and AWS at real distances: the incidents backfill
 * through proxies that delay every request, once strictly page by page and once fetching ahead, in
 * one run. `npm run bench:latency`. The console, AWS and their proxies run in a child process, as
 * they are other machines: sharing the collector's thread, their work would hide what overlaps.
 * The delays, chosen from what a console across the internet and AWS in-region take:
 * - Canary: 300 ms per page request (round trip plus the console's query) and the body at 8 MB/s;
 * - Firehose: 40 ms per PutRecordBatch; DynamoDB: 8 ms per call; Secrets Manager: 8 ms per call.
 */
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 20_000);
const CANARY_MS = Number(process.env.BENCH_CANARY_MS ?? 300);
const CANARY_BYTES_PER_S = Number(process.env.BENCH_CANARY_BYTES_PER_S ?? 8_000_000);
const FIREHOSE_MS = 40;
const DYNAMO_MS = 8;
const SECRETS_MS = 8;

interface Timings {
  canaryMs: number;
  firehoseMs: number;
  dynamoMs: number;
}

/** The child: the local stack behind delaying proxies; says its environment, then its timings when asked. */
async function serve(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'canary-latency-'));
  const stack = await startLocalStack({ outDir, simulator: { incidents: INCIDENTS, seed: 7 } });
  const simulator = stack.simulator;
  if (simulator === undefined) throw new Error('the bench needs the simulator');
  const canary = new DelayProxy(simulator.url, {
    delayMs: () => CANARY_MS,
    bytesPerSecond: CANARY_BYTES_PER_S,
  });
  // Firehose and Secrets Manager share the local AWS endpoint: the target header tells them apart
  const aws = new DelayProxy(stack.env.AWS_ENDPOINT_URL_FIREHOSE as string, {
    delayMs: (_path, headers) =>
      String(headers['x-amz-target'] ?? '').startsWith('Firehose') ? FIREHOSE_MS : SECRETS_MS,
  });
  const dynamo = new DelayProxy(stack.env.AWS_ENDPOINT_URL_DYNAMODB as string, { delayMs: () => DYNAMO_MS });
  const [canaryUrl, awsUrl, dynamoUrl] = await Promise.all([canary.start(), aws.start(), dynamo.start()]);
  stack.secrets.put(
    stack.secretId,
    JSON.stringify({ baseUrl: `${canaryUrl}/api/v1`, authToken: simulator.options.authToken }),
  );
  const env = {
    ...stack.env,
    AWS_ENDPOINT_URL_FIREHOSE: awsUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: awsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    PAGE_SIZE: '1000',
  };
  process.send?.({ env, consoleName: stack.consoleName });
  process.once('message', async () => {
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const timings: Timings = {
      canaryMs: sum(canary.timings),
      firehoseMs: sum(aws.timings),
      dynamoMs: sum(dynamo.timings),
    };
    process.send?.(timings, () => {
      void Promise.all([canary.stop(), aws.stop(), dynamo.stop(), stack.stop()]).then(() => {
        rmSync(outDir, { recursive: true, force: true });
        process.exit(0);
      });
    });
  });
}

async function backfill(fetchAhead: boolean) {
  const child = fork(process.argv[1] as string, ['--serve'], { execArgv: ['--import', 'tsx'] });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const { env, consoleName } = await next<{ env: Record<string, string>; consoleName: string }>();
  delete process.env.DELIVERY_STREAMS;
  Object.assign(process.env, env);
  const started = performance.now();
  const summary = await createCollector(incidents).run(consoleName, { budgetMs: 30 * 60_000, fetchAhead });
  const wallMs = performance.now() - started;
  child.send('timings');
  const timings = await next<Timings>();
  await new Promise((resolve) => child.once('exit', resolve));
  return { wallMs, records: summary.stats.recordsSent, pages: summary.stats.pages, ...timings };
}

if (process.argv.includes('--serve')) {
  await serve();
} else {
  // the run's log line and metrics are not the bench's output
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const sequential = await backfill(false);
  const ahead = await backfill(true);
  if (ahead.records !== sequential.records) throw new Error('the two runs delivered different record counts');
  const s = (ms: number) => Math.round(ms / 100) / 10;
  const fetching = sequential.canaryMs;
  // delivering: Firehose and DynamoDB plus the collector's own work (reading pages, normalising):
  // what is left of the page-by-page run once its time in Canary requests is taken out
  const delivering = sequential.wallMs - fetching;
  console.log(
    `incidents backfill of ${INCIDENTS.toLocaleString('en')} incidents (${sequential.pages} pages of 1,000) through delaying proxies:`,
  );
  console.log(
    `  delays: Canary ${CANARY_MS} ms per request + body at ${CANARY_BYTES_PER_S / 1e6} MB/s, Firehose ${FIREHOSE_MS} ms per call, DynamoDB ${DYNAMO_MS} ms, Secrets Manager ${SECRETS_MS} ms`,
  );
  console.log(`  fetching alone (time in Canary requests): ${s(fetching)} s`);
  console.log(
    `  delivering alone (the collector's work + Firehose ${s(sequential.firehoseMs)} s + DynamoDB ${s(sequential.dynamoMs)} s): ${s(delivering)} s`,
  );
  console.log(
    `  page by page:   ${s(sequential.wallMs)} s wall  (the sum of the two: ${s(fetching + delivering)} s)`,
  );
  console.log(
    `  fetching ahead: ${s(ahead.wallMs)} s wall  (the slower of the two: ${s(Math.max(fetching, delivering))} s)`,
  );
  const saved = Math.round((1 - ahead.wallMs / sequential.wallMs) * 100);
  console.log(`  saved: ${saved} %`);
  writeResults('latency', {
    incidents: INCIDENTS,
    pages: sequential.pages,
    canaryDelayMs: CANARY_MS,
    canaryMBps: CANARY_BYTES_PER_S / 1e6,
    firehoseDelayMs: FIREHOSE_MS,
    dynamoDelayMs: DYNAMO_MS,
    fetchingS: s(fetching),
    deliveringS: s(delivering),
    sequentialWallS: s(sequential.wallMs),
    aheadWallS: s(ahead.wallMs),
    savedPercent: saved,
  });
}
