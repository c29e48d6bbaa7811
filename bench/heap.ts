import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localEnv } from '#dev/stack.ts';
import { bundleHandler } from './bundle.ts';
import { type Figure, writeResults } from './results.ts';
import { firstLine } from './scenario.ts';

/**
 * `npm run bench:heap`: does the collector's retained memory grow with the backlog? The bundled
 * incidents handler (as Lambda runs it) backfills 10,000, 100,000 and 1,000,000 incidents (page 1,000)
 * from the simulator, the AWS emulators in a process of their own; every BENCH_HEAP_EVERY_MS (default
 * 2,000) it collects garbage (`--expose-gc`) and notes heapUsed against the incidents read so far.
 * BENCH_HEAP_SIZES (default 10000,100000,1000000) sets the backlogs. Figures: bench/results/heap.json.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const SIZES = (process.env.BENCH_HEAP_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const EVERY_MS = Number(process.env.BENCH_HEAP_EVERY_MS ?? 2000);
const PAGE = 1000;
const TOKEN = 'bench-token-5c1e7a9f';

interface HeapRun {
  elapsedMs: number;
  samples: Array<{ incidents: number; heapUsedMB: number; rssMB: number }>;
  heapAfterGcMB: number;
  peakRssMB: number;
}

const dir = mkdtempSync(join(tmpdir(), 'canary-heap-'));
const bundle = await bundleHandler('incidents', dir);

async function run(size: number): Promise<HeapRun> {
  const out = mkdtempSync(join(dir, 'out-'));
  const tsx = ['--import', 'tsx'];
  const simulator = await firstLine(process.execPath, [
    ...tsx,
    'fakes/simulator/main.ts',
    '--seed',
    '7',
    '--token',
    TOKEN,
    '--incidents',
    String(size),
  ]);
  const secretId = 'canary-collector/bench';
  const emulators = await firstLine(process.execPath, [
    ...tsx,
    'dev/emulators.ts',
    '--out',
    out,
    '--secret',
    `${secretId}=${JSON.stringify({ baseUrl: simulator.json.url, authToken: TOKEN })}`,
  ]);
  const env = {
    ...process.env,
    ...localEnv({
      dynamoUrl: String(emulators.json.dynamodb),
      awsUrl: String(emulators.json.aws),
      consoles: [{ name: 'bench', secretId }],
    }),
    PAGE_SIZE: String(PAGE),
  };
  try {
    const { json } = await firstLine(
      process.execPath,
      [
        '--expose-gc',
        'bench/heapCollector.mjs',
        bundle,
        String(simulator.json.url),
        String(PAGE),
        String(EVERY_MS),
      ],
      env,
    );
    return json as unknown as HeapRun;
  } finally {
    simulator.child.kill('SIGTERM');
    emulators.child.kill('SIGTERM');
    // the emulator's output of a million incidents is gigabytes: gone before the next run
    rmSync(out, { recursive: true, force: true });
  }
}

const figures: Record<string, Figure> = {};
for (const size of SIZES) {
  process.stdout.write(`incidents ${size.toLocaleString('en')}...\n`);
  const r = await run(size);
  // the first sample can fall before the first page: the curve is the samples with incidents read
  const curve = r.samples.filter((s) => s.incidents > 0);
  const heaps = curve.map((s) => s.heapUsedMB);
  const min = heaps.length === 0 ? r.heapAfterGcMB : Math.min(...heaps);
  const max = heaps.length === 0 ? r.heapAfterGcMB : Math.max(...heaps);
  process.stdout.write(
    `  ${Math.round(size / (r.elapsedMs / 1000))} incidents/s, heap after GC: ${min}–${max} MB during the run, ${r.heapAfterGcMB} MB at the end; peak RSS ${r.peakRssMB} MB\n`,
  );
  const step = Math.max(1, Math.ceil(curve.length / 10));
  for (const s of curve.filter((_, i) => i % step === 0 || i === curve.length - 1))
    process.stdout.write(
      `    ${String(s.incidents.toLocaleString('en')).padStart(10)} incidents: ${s.heapUsedMB} MB heap, ${s.rssMB} MB RSS\n`,
    );
  figures[`heap-${size}-min-MB`] = min;
  figures[`heap-${size}-max-MB`] = max;
  figures[`heap-${size}-end-MB`] = r.heapAfterGcMB;
  figures[`heap-${size}-peak-rss-MB`] = r.peakRssMB;
  figures[`heap-${size}-incidents-per-s`] = Math.round(size / (r.elapsedMs / 1000));
}
writeResults('heap', figures);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
