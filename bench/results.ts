import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { type BenchResults, type Figure, RESULTS_DIR } from '#scripts/benchFigures.ts';

export type { Figure } from '#scripts/benchFigures.ts';

/**
 * Writes a bench's figures to `bench/results/<bench>.json`, beside what it prints, so the docs quote
 * the measurement itself (`npm run docs:figures` renders them; a unit test compares). The command is
 * the npm script that ran (when npm ran it) with the bench's arguments and BENCH_* settings.
 */
export function writeResults(bench: string, figures: Record<string, Figure>): BenchResults {
  const args = process.argv.slice(2);
  // npx sets the event to "npx": only a script of package.json is a command to quote
  const event = process.env.npm_lifecycle_event;
  const script = event === undefined || event === 'npx' ? undefined : event;
  // the BENCH_* settings change what is measured (backlog sizes, console counts): part of the command
  const settings = Object.entries(process.env)
    .filter(([key]) => key.startsWith('BENCH_'))
    .map(([key, value]) => `${key}=${value}`);
  const run =
    script === undefined
      ? ['npx tsx', process.argv[1]?.replace(`${process.cwd()}/`, '') ?? '', ...args]
      : [`npm run ${script}`, ...(args.length > 0 ? ['--', ...args] : [])];
  const command = [...settings, ...run].join(' ');
  const results: BenchResults = {
    bench,
    command,
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      // other work on the machine moves the figures: the load when the bench finished says how much
      load1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    },
    // names are marker keys in the docs: no spaces ("Secrets Manager" → "Secrets-Manager")
    figures: Object.fromEntries(
      Object.entries(figures).map(([name, value]) => [name.replace(/[^\w.-]+/g, '-'), value]),
    ),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(new URL(`${bench}.json`, RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** `{ a: 1 }` under `idle` → `{ 'idle.a': 1 }`: a group of figures flattened into dotted names. */
export function prefixed(prefix: string, group: Record<string, Figure>): Record<string, Figure> {
  return Object.fromEntries(Object.entries(group).map(([name, value]) => [`${prefix}.${name}`, value]));
}
