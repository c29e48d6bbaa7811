import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figure, prefixed, writeResults } from './results.ts';

/**
 * `npm run bench:report`: how long `canary-collector report` takes and how large its file is, as a
 * person runs it (the built command, `node dist/cli.js report`, in the folder a `run` wrote), for a
 * console of 1,000 and of 100,000 incidents (the S3 layout of `run --partitioned`, and the plain
 * .ndjson file) and for a fleet of 50 consoles. Each report is timed BENCH_REPORT_RUNS times
 * (default 3); the median is kept. The collection before it is not timed.
 */
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3);
const CLI = join(process.cwd(), 'dist', 'cli.js');
spawnSync(process.execPath, ['scripts/buildCli.mjs'], { stdio: 'inherit' });

function cli(args: string[], cwd: string): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

function measure(label: string, cwd: string, args: string[]): Record<string, Figure> {
  const times: number[] = [];
  let line = '';
  for (let i = 0; i < RUNS; i++) {
    const { seconds, stdout } = cli(['report', '--file', 'bench-report.html', ...args], cwd);
    times.push(seconds);
    line = stdout.trim();
  }
  const bytes = statSync(join(cwd, 'bench-report.html')).size;
  const records = readdirSync(join(cwd, 'out'))
    .filter((name) => name.endsWith('.ndjson'))
    .reduce((sum, name) => sum + statSync(join(cwd, 'out', name)).size, 0);
  const figures = {
    seconds: round(median(times)),
    secondsMin: round(Math.min(...times)),
    secondsMax: round(Math.max(...times)),
    htmlKiB: Math.round(bytes / 1024),
    recordsMB: Math.round(records / 1e6),
  };
  process.stdout.write(
    `${label}: ${figures.seconds} s (median of ${RUNS}, ${figures.secondsMin}–${figures.secondsMax}), ${figures.htmlKiB} KiB of HTML from ${figures.recordsMB} MB of records\n  ${line}\n`,
  );
  return prefixed(label, figures);
}

const figures: Record<string, Figure> = { runs: RUNS };
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-bench-'));
  folders.push(dir);
  return dir;
};
try {
  for (const incidents of [1000, 100_000]) {
    const cwd = folder();
    cli(['run', '--once', '--partitioned', '--incidents', String(incidents)], cwd);
    Object.assign(figures, measure(`incidents-${incidents}.layout`, cwd, []));
    // the same records as `run` writes them without --partitioned: one .ndjson file
    const plain = folder();
    mkdirSync(join(plain, 'out'));
    copyFileSync(join(cwd, 'out', 'simulator.ndjson'), join(plain, 'out', 'simulator.ndjson'));
    Object.assign(figures, measure(`incidents-${incidents}.ndjson`, plain, []));
  }
  const fleet = folder();
  cli(['run', '--consoles', '50', '--once'], fleet);
  Object.assign(figures, measure('fleet-50', fleet, []));
} finally {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}
writeResults('report', figures);
