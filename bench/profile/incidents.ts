import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from '../bundle.ts';
import { scenario } from '../scenario.ts';

/**
 * The incidents backfills of `npm run bench` alone, bundled as Lambda runs the handler, for quick A/B
 * runs and profiles: `npx tsx bench/profile/incidents.ts [native,ocsf,ecs,flat] [size]`. With
 * PROFILE_DIR set, the collector process writes a `--cpu-prof` profile there (NODE_OPTIONS);
 * COLLECTOR_NODE_OPTIONS adds V8 flags to the collector process only.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const formats = (process.argv[2] ?? 'native').split(',');
const size = process.argv[3] ?? '100000';
const dir = mkdtempSync(join(tmpdir(), 'canary-bundle-'));
const outfile = await bundleHandler('incidents', dir, { minify: process.env.PROFILE_DIR === undefined });
const ENV: Record<string, Record<string, string>> = {
  native: { PAGE_SIZE: '1000' },
  flat: { PAGE_SIZE: '1000', OUTPUT_FLATTEN: 'true' },
  ocsf: { PAGE_SIZE: '1000', OUTPUT_FORMAT: 'ocsf' },
  ecs: { PAGE_SIZE: '1000', OUTPUT_FORMAT: 'ecs' },
};
for (const format of formats) {
  const env = { ...(ENV[format] ?? {}) };
  if (process.env.PROFILE_DIR !== undefined)
    env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.PROFILE_DIR}`;
  // V8 flags for the collector process alone (e.g. --max-semi-space-size=8, as Lambda sets its own)
  if (process.env.COLLECTOR_NODE_OPTIONS !== undefined)
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} ${process.env.COLLECTOR_NODE_OPTIONS}`.trim();
  const r = await scenario(`incidents ${size} ${format}`, 'incidents', outfile, ['--incidents', size], env);
  const perSecond = Math.round(Number(size) / r.seconds);
  process.stdout.write(
    `${JSON.stringify({ format, size, seconds: r.seconds, incidentsPerSecond: perSecond, recordsPerSecond: r.recordsPerSecond, cpuMsPer1000: Math.round((r.collectorCpuMs / Number(size)) * 10000) / 10, simulatorCpuS: r.simulatorCpuMs / 1000, emulatorsCpuS: r.emulatorsCpuMs / 1000, peakRssMB: r.peakRssMB, maxRssKernelMB: r.maxRssKernelMB, atPeak: { heapTotalMB: r.peakHeapTotalMB, heapUsedMB: r.peakHeapUsedMB, externalMB: r.peakExternalMB }, heapAfterGcMB: r.heapAfterGcMB, quarters: r.quarterPeaksMB })}\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
process.exit(0);
