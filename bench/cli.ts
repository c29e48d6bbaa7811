import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeResults } from './results.ts';

/**
 * The local CLI on a large backfill, as `npm start -- --once` runs it (the bundled command, its
 * simulator, dynalite and the emulators in its one process):
 *  - to the end: wall time, the process's CPU (every thread, as the kernel counts it) and per 1,000
 *    incidents, and its peak RSS;
 *  - as a person sees it: time from start to the first progress line, the gap between progress lines,
 *    and the time from Ctrl-C (SIGINT) to exit, with the checkpoint at the last delivered page (every
 *    delivered line is a whole record). `npm run bench:cli`.
 */
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const INTERRUPT_AFTER_MS = Number(process.env.BENCH_INTERRUPT_MS ?? 6000);

// what npm start runs: the command rebuilt from the source as it is
spawnSync(process.execPath, ['scripts/buildCli.mjs'], { stdio: 'inherit' });
const runArgs = (out: string) => [
  'dist/cli.js',
  'run',
  '--incidents',
  String(INCIDENTS),
  '--out',
  out,
  '--once',
];

const toEnd = (() => {
  const out = mkdtempSync(join(tmpdir(), 'canary-cli-bench-'));
  const usageFile = join(out, 'usage.json');
  const began = performance.now();
  const run = spawnSync(process.execPath, runArgs(join(out, 'out')), {
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_OPTIONS: `--import ${resolve('bench/selfUsage.mjs')}`,
      BENCH_USAGE_FILE: usageFile,
    },
  });
  const wallMs = performance.now() - began;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssKB: number };
  rmSync(out, { recursive: true, force: true });
  return { exitCode: run.status ?? -1, wallMs, ...usage };
})();
console.log(
  `local backfill of ${INCIDENTS.toLocaleString('en')} incidents to the end: ${(toEnd.wallMs / 1000).toFixed(1)} s, CPU ${(toEnd.cpuMs / 1000).toFixed(1)} s (${((toEnd.cpuMs / INCIDENTS) * 1000).toFixed(0)} ms per 1,000 incidents), peak RSS ${Math.round(toEnd.maxRssKB / 1024)} MB, exit ${toEnd.exitCode}`,
);

const out = mkdtempSync(join(tmpdir(), 'canary-cli-bench-'));
const started = Date.now();
const child = spawn(process.execPath, runArgs(out), { stdio: ['ignore', 'pipe', 'pipe'] });
const lines: Array<{ at: number; text: string }> = [];
let buffer = '';
child.stdout.on('data', (chunk: Buffer) => {
  buffer += chunk.toString('utf8');
  for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
    lines.push({ at: Date.now() - started, text: buffer.slice(0, at) });
    buffer = buffer.slice(at + 1);
  }
});
let interruptedAt = 0;
const timer = setTimeout(() => {
  interruptedAt = Date.now() - started;
  child.kill('SIGINT');
}, INTERRUPT_AFTER_MS);
const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
clearTimeout(timer);
const exitedAt = Date.now() - started;

const progress = lines.filter((l) => /records\/s, \d+ pages/.test(l.text) && l.text.startsWith('  '));
const gaps = progress.slice(1).map((l, i) => l.at - (progress[i] as { at: number }).at);
const delivered = readFileSync(join(out, 'simulator.ndjson'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const whole = delivered.every((l) => JSON.parse(l) !== null);
rmSync(out, { recursive: true, force: true });

console.log(
  `local backfill of ${INCIDENTS.toLocaleString('en')} incidents, stdout not a terminal (plain lines):`,
);
console.log(
  `  first progress line: ${progress[0]?.at ?? 'none'} ms after start  (${progress[0]?.text.trim() ?? ''})`,
);
console.log(
  `  progress lines: ${progress.length}, largest gap ${gaps.length === 0 ? '-' : Math.max(...gaps)} ms`,
);
if (interruptedAt > 0) {
  console.log(`  Ctrl-C at ${interruptedAt} ms, exit ${exitedAt - interruptedAt} ms later with code ${code}`);
} else {
  console.log(`  finished before the interrupt, at ${exitedAt} ms with code ${code}`);
}
console.log(
  `  records delivered before the stop: ${delivered.length.toLocaleString('en')}, all whole JSON: ${whole}`,
);
for (const l of lines.filter((x) => !x.text.startsWith('  ')).slice(-3)) console.log(`  > ${l.text}`);
writeResults('cli', {
  incidents: INCIDENTS,
  toEndSeconds: Math.round(toEnd.wallMs / 100) / 10,
  toEndCpuSeconds: Math.round(toEnd.cpuMs / 100) / 10,
  toEndCpuMsPer1000: Math.round((toEnd.cpuMs / INCIDENTS) * 1000),
  toEndPeakRssMB: Math.round(toEnd.maxRssKB / 1024),
  toEndExitCode: toEnd.exitCode,
  firstProgressMs: progress[0]?.at ?? -1,
  progressLines: progress.length,
  largestGapMs: gaps.length === 0 ? -1 : Math.max(...gaps),
  ...(interruptedAt > 0
    ? { interruptAtMs: interruptedAt, exitAfterInterruptMs: exitedAt - interruptedAt }
    : { finishedAtMs: exitedAt }),
  exitCode: code ?? -1,
  recordsDelivered: delivered.length,
  allWholeJson: String(whole),
});
