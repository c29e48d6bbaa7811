import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run bench`: the figures of the foundation issue, each process measured on its own.
 *  1. backfill throughput and the collector's peak RSS for 10,000 and 100,000 incidents (page 1,000),
 *     with the simulator and the AWS emulators in their own processes;
 *  2. the calls an idle run makes (nothing new): Canary requests, DynamoDB calls, Firehose calls;
 *  3. the bundled incidents handler: size (esbuild, minified, SDK bundled) and import time.
 */
const TOKEN = 'bench-token-5c1e7a9f';
const CONSOLE = 'bench';
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

function firstLine(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; json: Record<string, unknown> }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0)
        resolve({ child, json: JSON.parse(buffer.slice(0, newline)) as Record<string, unknown> });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before printing`)));
  });
}

async function getJson(url: string): Promise<Record<string, number>> {
  return (await (await fetch(url)).json()) as Record<string, number>;
}

interface CollectorResult {
  elapsedMs: number;
  peakRssBytes: number;
  maxRssKernelBytes: number;
  quarterPeaks: number[];
  heapAfterGcBytes: number;
  summaries: Array<{ status: string; stats: { recordsSent: number; requests: number } }>;
}

async function scenario(incidents: number, bundlePath: string) {
  const outDir = mkdtempSync(join(tmpdir(), 'canary-bench-'));
  const simulator = await firstLine(process.execPath, [
    '--import',
    'tsx',
    'local/simulator/main.ts',
    '--incidents',
    String(incidents),
    '--seed',
    '7',
    '--token',
    TOKEN,
  ]);
  const simulatorUrl = String(simulator.json.url);
  const secretId = `canary-collector/${CONSOLE}`;
  const emulators = await firstLine(process.execPath, [
    '--import',
    'tsx',
    'local/emulators/main.ts',
    '--out',
    outDir,
    '--secret',
    `${secretId}=${JSON.stringify({ baseUrl: simulatorUrl, authToken: TOKEN })}`,
  ]);
  const awsUrl = String(emulators.json.aws);
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: String(emulators.json.dynamodb),
    AWS_ENDPOINT_URL_FIREHOSE: awsUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: awsUrl,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CHECKPOINT_TABLE: 'canary-collector-checkpoints',
    DELIVERY_STREAM: 'canary-collector-events',
    CONSOLES: JSON.stringify([{ name: CONSOLE, secretId }]),
    PAGE_SIZE: '1000',
  };
  const collect = async () =>
    (await firstLine(process.execPath, ['--expose-gc', 'bench/collector.mjs', bundlePath, CONSOLE], env))
      .json as unknown as CollectorResult;

  const backfill = await collect();
  const sent = backfill.summaries.reduce((n, s) => n + s.stats.recordsSent, 0);

  const canaryBefore = (await getJson(`${simulatorUrl}/_sim/state`)).requests ?? 0;
  const awsBefore = await getJson(`${awsUrl}/_counts`);
  const idle = await collect();
  const canaryAfter = (await getJson(`${simulatorUrl}/_sim/state`)).requests ?? 0;
  const awsAfter = await getJson(`${awsUrl}/_counts`);
  const delta = (key: string) => (awsAfter[key] ?? 0) - (awsBefore[key] ?? 0);

  simulator.child.kill('SIGTERM');
  emulators.child.kill('SIGTERM');
  const outBytes = statSync(String(emulators.json.outFile)).size;
  rmSync(outDir, { recursive: true, force: true });
  return {
    incidents,
    recordsSent: sent,
    seconds: backfill.elapsedMs / 1000,
    incidentsPerSecond: Math.round(sent / (backfill.elapsedMs / 1000)),
    peakRssMB: Math.round(backfill.peakRssBytes / 1048576),
    maxRssKernelMB: Math.round(backfill.maxRssKernelBytes / 1048576),
    heapAfterGcMB: Math.round((backfill.heapAfterGcBytes / 1048576) * 10) / 10,
    quarterPeaksMB: backfill.quarterPeaks.map((bytes) => Math.round(bytes / 1048576)),
    outputMB: Math.round(outBytes / 1048576),
    idle: {
      canaryRequests: canaryAfter - canaryBefore,
      dynamoDbCalls: delta('DynamoDB'),
      firehoseCalls: delta('Firehose_20150804.PutRecordBatch') + delta('Firehose_20150804.PutRecord'),
      secretsManagerCalls: delta('secretsmanager.GetSecretValue'),
      recordsSent: idle.summaries.reduce((n, s) => n + s.stats.recordsSent, 0),
    },
  };
}

async function bundle(dir: string) {
  const outfile = join(dir, 'index.mjs');
  await build({
    entryPoints: ['functions/incidents/handler.ts'],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    outfile,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  writeFileSync(
    join(dir, 'import-time.mjs'),
    `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(JSON.stringify({ ms: performance.now() - t }));\n`,
  );
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const { json } = await firstLine('node', [join(dir, 'import-time.mjs')]);
    times.push(Number(json.ms));
  }
  times.sort((a, b) => a - b);
  return {
    outfile,
    bytes: statSync(outfile).size,
    importMsMedian: Math.round((times[3] ?? 0) * 10) / 10,
    importMsMin: Math.round((times[0] ?? 0) * 10) / 10,
  };
}

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const bundleDir = mkdtempSync(join(tmpdir(), 'canary-bundle-'));
const handlerBundle = await bundle(bundleDir);
const results = [];
for (const size of sizes) {
  process.stdout.write(`backfill of ${size} incidents...\n`);
  results.push(await scenario(size, handlerBundle.outfile));
}
rmSync(bundleDir, { recursive: true, force: true });

process.stdout.write(
  '\nbackfill (page size 1000; simulator, emulators and the bundled collector in separate processes)\n',
);
process.stdout.write(
  'incidents  records   seconds  incidents/s  peak RSS (sampled)  max RSS (kernel)  output  heap after GC  peak RSS per quarter of the run\n',
);
for (const r of results) {
  process.stdout.write(
    `${String(r.incidents).padStart(9)}  ${String(r.recordsSent).padStart(7)}  ${r.seconds.toFixed(1).padStart(8)}  ${String(r.incidentsPerSecond).padStart(11)}  ${`${r.peakRssMB} MB`.padStart(18)}  ${`${r.maxRssKernelMB} MB`.padStart(16)}  ${`${r.outputMB} MB`.padStart(6)}  ${`${r.heapAfterGcMB} MB`.padStart(13)}  ${r.quarterPeaksMB.join(' / ')} MB\n`,
  );
}
const idle = results.at(-1)?.idle;
process.stdout.write(
  `\nidle run (nothing new): ${idle?.canaryRequests} Canary requests, ${idle?.dynamoDbCalls} DynamoDB calls, ${idle?.firehoseCalls} Firehose calls, ${idle?.secretsManagerCalls} Secrets Manager calls, ${idle?.recordsSent} records\n`,
);
process.stdout.write(
  `incidents handler bundle: ${(handlerBundle.bytes / 1024).toFixed(0)} KiB minified ESM with the SDK; import ${handlerBundle.importMsMedian} ms median of 7 (min ${handlerBundle.importMsMin} ms)\n`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  `${JSON.stringify({ at: new Date().toISOString(), results, handlerBundle }, null, 2)}\n`,
);
process.exit(0);
