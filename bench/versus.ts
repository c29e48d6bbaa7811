import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundledHandler } from '#infra/constructs/function.ts';
import { bundleHandler } from './bundle.ts';
import { type Figure, writeResults } from './results.ts';
import { type ScenarioResult, scenario } from './scenario.ts';

/**
 * `npm run bench:versus -- <git ref> [formats] [pairs]`: the incidents handler of this tree against
 * the same handler at another revision, as A/B pairs (A, B, A, B... so a machine whose speed drifts
 * moves both alike), on the same simulator and emulators: per format (native, ocsf, ecs, flat; default
 * all four) the median of each side's collector CPU per 1,000 incidents, incidents/s and peak RSS, and
 * the median of the pairs' ratios. BENCH_SIZE (default 100000) sets the backlog. The other revision is
 * bundled from a git worktree with this tree's esbuild settings and packages.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [ref = '23110fb', formatList = 'native,ocsf,ecs,flat', pairsText = '3'] = process.argv.slice(2);
const formats = formatList.split(',');
const pairs = Number(pairsText);
const size = process.env.BENCH_SIZE ?? '100000';
const FORMAT_ENV: Record<string, Record<string, string>> = {
  native: {},
  ocsf: { OUTPUT_FORMAT: 'ocsf' },
  ecs: { OUTPUT_FORMAT: 'ecs' },
  flat: { OUTPUT_FLATTEN: 'true' },
};

const dir = mkdtempSync(join(tmpdir(), 'canary-versus-'));
const tree = join(dir, 'tree');
execFileSync('git', ['worktree', 'add', '--detach', tree, ref], { stdio: 'ignore' });
try {
  symlinkSync(resolve('node_modules'), join(tree, 'node_modules'));
  const ours = await bundleHandler('incidents', join(dir, 'a'));
  const theirs = join(dir, 'b', 'incidents', 'index.mjs');
  const { bundling } = bundledHandler('incidents');
  await build({
    entryPoints: [join(tree, 'functions/incidents/handler.ts')],
    absWorkingDir: tree,
    bundle: true,
    platform: 'node',
    minify: bundling.minify,
    target: bundling.target,
    format: 'esm',
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
    banner: { js: bundling.banner },
    outfile: theirs,
    logLevel: 'error',
  });

  const figures: Record<string, Figure> = { ref, incidents: Number(size), pairs };
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  const perThousand = (r: ScenarioResult) => (r.collectorCpuMs / Number(size)) * 1000;
  const perSecond = (r: ScenarioResult) => Number(size) / r.seconds;
  process.stdout.write(
    `this tree (A) against ${ref} (B), ${Number(size).toLocaleString('en')} incidents, ${pairs} pairs\n`,
  );
  process.stdout.write(
    'format   CPU/1,000 incidents A / B (A/B)      incidents/s A / B (A/B)      peak RSS A / B\n',
  );
  for (const format of formats) {
    const a: ScenarioResult[] = [];
    const b: ScenarioResult[] = [];
    for (let i = 0; i < pairs; i++) {
      const env = { PAGE_SIZE: '1000', ...FORMAT_ENV[format] };
      a.push(await scenario(`A ${format}`, 'incidents', ours, ['--incidents', size], env));
      b.push(await scenario(`B ${format}`, 'incidents', theirs, ['--incidents', size], env));
    }
    const ratio = (f: (r: ScenarioResult) => number) =>
      median(a.map((r, i) => f(r) / f(b[i] as ScenarioResult)));
    const row = {
      cpuMsPer1000: [median(a.map(perThousand)), median(b.map(perThousand)), ratio(perThousand)],
      incidentsPerSecond: [median(a.map(perSecond)), median(b.map(perSecond)), ratio(perSecond)],
      peakRssMB: [median(a.map((r) => r.peakRssMB)), median(b.map((r) => r.peakRssMB))],
    };
    const [cpuA = 0, cpuB = 0, cpuRatio = 0] = row.cpuMsPer1000;
    const [rateA = 0, rateB = 0, rateRatio = 0] = row.incidentsPerSecond;
    const [rssA = 0, rssB = 0] = row.peakRssMB;
    process.stdout.write(
      `${format.padEnd(8)} ${cpuA.toFixed(1)} / ${cpuB.toFixed(1)} ms (${cpuRatio.toFixed(2)})`.padEnd(46) +
        `${Math.round(rateA)} / ${Math.round(rateB)} (${rateRatio.toFixed(2)})`.padEnd(29) +
        `${rssA} / ${rssB} MB\n`,
    );
    Object.assign(figures, {
      [`${format}.cpuMsPer1000`]: Math.round(cpuA * 10) / 10,
      [`${format}.before.cpuMsPer1000`]: Math.round(cpuB * 10) / 10,
      [`${format}.cpuRatio`]: Math.round(cpuRatio * 100) / 100,
      [`${format}.incidentsPerSecond`]: Math.round(rateA),
      [`${format}.before.incidentsPerSecond`]: Math.round(rateB),
      [`${format}.rateRatio`]: Math.round(rateRatio * 100) / 100,
      [`${format}.peakRssMB`]: rssA,
      [`${format}.before.peakRssMB`]: rssB,
    });
  }
  writeResults('versus', figures);
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', tree], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
