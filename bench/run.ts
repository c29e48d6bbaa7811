import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from './bundle.ts';
import { prefixed, writeResults } from './results.ts';
import { firstLine, type ScenarioResult, scenario } from './scenario.ts';

/**
 * `npm run bench`: the performance figures, each process measured on its own.
 *  - incidents: backfill throughput, the collector's CPU per 1,000 records (and the simulator's and
 *    emulators' CPU beside it), its peak RSS (with V8's heap and the buffers outside it at that peak)
 *    for 10,000 and 100,000 incidents (page 1,000): native, native under the heap flags Lambda sets
 *    for 512 MB, flattened, OCSF and ECS; and the calls an idle run makes;
 *  - audit trail: a 50,000-entry backlog; birds: a 5,000-bird snapshot and its checkpoint item size;
 *  - every handler bundled as Lambda runs it (esbuild, minified ESM, SDK inside): size, import time.
 * BENCH_SIZES (default 10000,100000) sets the incident backlogs.
 */
// The bench's own DynamoDB reads would print the SDK's Node 20 notice; the handlers run Node 24 in Lambda.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const HANDLERS = ['incidents', 'audit-trail', 'birds', 'tokens'];

async function bundle(dir: string, name: string) {
  const outfile = await bundleHandler(name, dir);
  const script = join(dir, `import-${name}.mjs`);
  writeFileSync(
    script,
    `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(JSON.stringify({ ms: performance.now() - t }));\n`,
  );
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push(Number((await firstLine(process.execPath, [script])).json.ms));
  times.sort((a, b) => a - b);
  return {
    name,
    outfile,
    kib: Math.round(statSync(outfile).size / 1024),
    importMsMedian: Math.round((times[3] ?? 0) * 10) / 10,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'canary-bundle-'));
const bundles: Array<Awaited<ReturnType<typeof bundle>>> = [];
for (const name of HANDLERS) bundles.push(await bundle(dir, name));
const path = (name: string) => bundles.find((b) => b.name === name)?.outfile as string;

/** The measured backfills: label, handler, simulator arguments, extra environment. */
const SCENARIOS: Array<[string, string, string[], Record<string, string>]> = [
  ...(process.env.BENCH_SIZES ?? '10000,100000')
    .split(',')
    .map((size): [string, string, string[], Record<string, string>] => [
      `incidents ${size}`,
      'incidents',
      ['--incidents', size],
      { PAGE_SIZE: '1000' },
    ]),
  [
    // the V8 heap flags Lambda's Node.js runtime passes a 512 MB function (a tenth of the memory for
    // the young generation, the rest for the old): the memory figure as Lambda would see it
    'incidents 100000 lambda',
    'incidents',
    ['--incidents', '100000'],
    { PAGE_SIZE: '1000', NODE_OPTIONS: '--max-semi-space-size=25 --max-old-space-size=461' },
  ],
  [
    'incidents 100000 flat',
    'incidents',
    ['--incidents', '100000'],
    { PAGE_SIZE: '1000', OUTPUT_FLATTEN: 'true' },
  ],
  [
    'incidents 100000 ocsf',
    'incidents',
    ['--incidents', '100000'],
    { PAGE_SIZE: '1000', OUTPUT_FORMAT: 'ocsf' },
  ],
  [
    'incidents 100000 ecs',
    'incidents',
    ['--incidents', '100000'],
    { PAGE_SIZE: '1000', OUTPUT_FORMAT: 'ecs' },
  ],
  ['audit trail 50000', 'audit-trail', ['--incidents', '0', '--audit', '50000'], { AUDIT_PAGE_SIZE: '1000' }],
  [
    'audit 50000 (walk)',
    'audit-trail',
    ['--incidents', '0', '--audit', '50000', '--after-id', 'ignored'],
    { AUDIT_PAGE_SIZE: '1000' },
  ],
  ['birds 5000', 'birds', ['--incidents', '0', '--birds', '5000'], {}],
  ['birds 10000', 'birds', ['--incidents', '0', '--birds', '10000'], {}],
];

const results: ScenarioResult[] = [];
for (const [label, source, args, env] of SCENARIOS) {
  process.stdout.write(`${label}...\n`);
  results.push(await scenario(label, source, path(source), args, env));
}
rmSync(dir, { recursive: true, force: true });

const pad = (text: string | number, width: number) => String(text).padStart(width);
process.stdout.write(
  '\nbackfills (simulator, AWS emulators and the bundled handler in separate processes)\n',
);
process.stdout.write(
  `${'scenario'.padEnd(22)} ${pad('records', 8)} ${pad('seconds', 8)} ${pad('records/s', 10)} ${pad('CPU/1000', 9)} ${pad('peak RSS', 9)} ${pad('heap/ext at peak', 17)} ${pad('heap after GC', 14)} ${pad('checkpoint item', 16)}  peak RSS per quarter\n`,
);
for (const r of results) {
  process.stdout.write(
    `${r.label.padEnd(22)} ${pad(r.recordsSent, 8)} ${pad(r.seconds.toFixed(2), 8)} ${pad(r.recordsPerSecond, 10)} ${pad(`${r.collectorCpuMsPer1000} ms`, 9)} ${pad(`${r.peakRssMB} MB`, 9)} ${pad(`${r.peakHeapTotalMB}/${r.peakExternalMB} MB`, 17)} ${pad(`${r.heapAfterGcMB} MB`, 14)} ${pad(`${r.checkpointItemBytes} B`, 16)}  ${r.quarterPeaksMB.join(' / ')} MB\n`,
  );
}
process.stdout.write(
  '\nCPU of each process in the backfill and idle run (the machine has every process on its cores): collector / simulator / AWS emulators\n',
);
for (const r of results) {
  process.stdout.write(
    `${r.label.padEnd(22)} ${(r.collectorCpuMs / 1000).toFixed(1)} s / ${(r.simulatorCpuMs / 1000).toFixed(1)} s / ${(r.emulatorsCpuMs / 1000).toFixed(1)} s\n`,
  );
}
process.stdout.write(
  '\nidle runs (nothing new or no snapshot due): Canary requests / DynamoDB calls / Firehose calls / Secrets Manager calls / records\n',
);
for (const r of results) {
  const i = r.idle;
  process.stdout.write(
    `${r.label.padEnd(20)} ${i.canaryRequests} / ${i.dynamoDbCalls} / ${i.firehoseCalls} / ${i.secretsManagerCalls} / ${i.recordsSent}\n`,
  );
}
process.stdout.write(
  '\nhandler bundles (esbuild, minified ESM, AWS SDK inside): size, import time (median of 7)\n',
);
for (const b of bundles)
  process.stdout.write(
    `${b.name.padEnd(12)} ${pad(`${b.kib} KiB`, 9)} ${pad(`${b.importMsMedian} ms`, 9)}\n`,
  );
// each scenario's figures under its label as a key ("audit 50000 (walk)" → "audit-50000-walk")
const key = (label: string) => label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
writeResults('bench', {
  ...Object.fromEntries(
    results.flatMap((r) =>
      Object.entries({
        ...r,
        seconds: Math.round(r.seconds * 100) / 100,
        idle: undefined,
        quarterPeaksMB: undefined,
        ...prefixed('idle', r.idle),
      })
        .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
        .map(([name, value]) => [`${key(r.label)}.${name}`, value]),
    ),
  ),
  ...Object.fromEntries(
    bundles.flatMap((b) => [
      [`bundle.${b.name}.kib`, b.kib],
      [`bundle.${b.name}.importMsMedian`, b.importMsMedian],
    ]),
  ),
});
process.exit(0);
