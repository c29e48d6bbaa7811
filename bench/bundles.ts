import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from './bundle.ts';
import { type Figure, writeResults } from './results.ts';

/**
 * `npm run bench:bundles`: every Lambda handler bundled as the deploy bundles it (the esbuild options
 * of infra's `bundledHandler`, the AWS SDK inside), without a synth: its size in KiB, and the median
 * time a fresh Node process takes to import it (of 7), the part of a cold start this machine can see.
 */
const FOLDERS = readdirSync('functions').filter((name) => name !== 'lib');
const dir = mkdtempSync(join(tmpdir(), 'canary-bundles-'));
const figures: Record<string, Figure> = {};
process.stdout.write('handler          bundle   import (median of 7)\n');
for (const folder of FOLDERS) {
  const outfile = await bundleHandler(folder, dir);
  const kib = Math.round(statSync(outfile).size / 1024);
  const times = Array.from({ length: 7 }, () => importMs(outfile)).sort((a, b) => a - b);
  const median = Math.round((times[3] ?? Number.NaN) * 10) / 10;
  figures[`${folder}.kib`] = kib;
  figures[`${folder}.importMs`] = median;
  process.stdout.write(`${folder.padEnd(15)} ${`${kib} KiB`.padStart(8)}   ${median} ms\n`);
}
rmSync(dir, { recursive: true, force: true });
const sizes = FOLDERS.map((f) => Number(figures[`${f}.kib`]));
const imports = FOLDERS.map((f) => Number(figures[`${f}.importMs`]));
writeResults('bundles', {
  ...figures,
  minKib: Math.min(...sizes),
  maxKib: Math.max(...sizes),
  minImportMs: Math.min(...imports),
  maxImportMs: Math.max(...imports),
});

/** Milliseconds a fresh Node process takes to import the bundle (its own clock, not the spawn's). */
function importMs(file: string): number {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
    ],
    { encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1' } },
  );
  if (child.status !== 0) throw new Error(`importing ${file} failed: ${child.stderr}`);
  return Number(child.stdout.trim());
}
