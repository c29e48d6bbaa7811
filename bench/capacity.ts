import {
  HANG_SHARE,
  hungRunSeconds,
  largestFleet,
  neededConcurrency,
  slotSecondsPerConsole,
} from '#infra/config/capacity.ts';
import { hungRunTimes } from './capacity/hang.ts';
import { measureRuns, profileOf, spread } from './capacity/measure.ts';
import { type CapacityInput, largestFleetOnInterval, type SourceResult, simulate } from './capacity/model.ts';
import { capacityTable, resultFigures } from './capacity/report.ts';
import { measureScan } from './capacity/scan.ts';
import { stackSettings } from './capacity/stack.ts';
import { type Figure, writeResults } from './results.ts';

/**
 * `npm run bench:capacity [-- --skip-scan]`: the fleet capacity model (bench/capacity/model.ts) at
 * the stack's default settings for 1,000 and 10,000 consoles, fed with per-run durations measured on
 * the local stack, a console latency and a share of hanging consoles; the largest fleet the default
 * maxConcurrency keeps on each source's interval; the formula infra/config/capacity.ts warns with,
 * checked against the model; the incidents checkpoint's size; and the dispatcher's registry Scan at
 * 10,000 consoles against dynalite. Prints the tables and writes bench/results/capacity.json.
 */
const SEED = 21;
/** The console latency assumed per Canary request (a console that answers): lognormal. */
const LATENCY = { medianMs: 200, sigma: 0.5 };
/** The Scheduler's invocation and the dispatcher's scan and sends, before run requests are on the queues. */
const DISPATCH_DELAY_MS = 2_000;
const FLEETS = [1_000, 10_000];
const skipScan = process.argv.includes('--skip-scan');
const log = (line = '') => process.stdout.write(`${line}\n`);
const figures: Record<string, Figure> = {};

const settings = stackSettings();
log(
  `stack defaults: maxConcurrency ${settings.rules.maxConcurrency}, visibility ${settings.rules.visibilityTimeoutMs / 1000} s, maxReceiveCount ${settings.rules.maxReceiveCount}, retention ${settings.rules.retentionMs / 3_600_000} h, function timeout ${settings.rules.functionTimeoutMs / 1000} s, Canary client ${settings.client.timeoutMs} ms × ${1 + settings.client.maxRetries} attempts`,
);

const measured = await measureRuns(10, 3);
log(
  '\nper-run durations on the local stack (10 consoles of 2,500 incidents, 500 audit entries, 20 birds, 50 tokens; p50 / p95 / max):',
);
for (const [source, m] of Object.entries(measured)) {
  log(
    `  ${source}: first run ${spread(m.firstMs)} (${m.firstRequests} Canary requests); idle run ${spread(m.idleMs)}: ${m.idle.canary} Canary requests, ${m.idle.firehose} Firehose calls, ${m.idle.dynamo} DynamoDB calls; checkpoint ${m.checkpoint.bytes} B, ${m.checkpoint.writeUnits} WCU per update, ${m.checkpoint.readUnits} RCU per strong read`,
  );
  Object.assign(figures, {
    [`runs.${source}.idleCanaryRequests`]: m.idle.canary,
    [`runs.${source}.idleFirehoseCalls`]: m.idle.firehose,
    [`runs.${source}.idleDynamoCalls`]: m.idle.dynamo,
    [`runs.${source}.idleP50Ms`]: Math.round(sorted(m.idleMs, 0.5)),
    [`runs.${source}.firstP50Ms`]: Math.round(sorted(m.firstMs, 0.5)),
    [`checkpoint.${source}.bytes`]: m.checkpoint.bytes,
    [`checkpoint.${source}.wcuPerUpdate`]: m.checkpoint.writeUnits,
    [`checkpoint.${source}.rcuPerStrongRead`]: m.checkpoint.readUnits,
  });
}

const hang = await hungRunTimes(settings.client, 200, SEED);
const hangMean = hang.reduce((a, b) => a + b, 0) / hang.length;
log(
  `\na hung console's run (the real client, every attempt timing out): ${spread(hang)}; mean ${(hangMean / 1000).toFixed(1)} s (the formula's: ${hungRunSeconds().toFixed(1)} s)`,
);
figures['hang.meanRunMs'] = Math.round(hangMean);

const input: CapacityInput = {
  consoles: 0,
  sources: settings.intervals.map(({ source, intervalMinutes }) => ({
    source,
    intervalMinutes,
    profile: profileOf(source, measured[source]),
  })),
  rules: settings.rules,
  latency: LATENCY,
  hang: { share: HANG_SHARE, runMs: hang },
  // two visibility timeouts for a failed message's retries to reach a steady state, then the hour
  warmupMinutes:
    Math.ceil(((settings.rules.maxReceiveCount - 1) * settings.rules.visibilityTimeoutMs) / 60_000) + 10,
  windowMinutes: 60,
  dispatchDelayMs: DISPATCH_DELAY_MS,
  startEpochMinute: Math.floor(Date.UTC(2026, 11, 1) / 60_000),
  seed: SEED,
};

const rows: Array<{ consoles: number; results: SourceResult[] }> = [];
for (const consoles of FLEETS) {
  const results = simulate({ ...input, consoles });
  rows.push({ consoles, results });
  for (const r of results) Object.assign(figures, resultFigures(`model.${consoles}.${r.source}`, r));
}
log(
  `\nthe model (latency lognormal median ${LATENCY.medianMs} ms σ ${LATENCY.sigma}, ${HANG_SHARE * 100} % of consoles hanging, dispatch ${DISPATCH_DELAY_MS / 1000} s after the minute; the hour after ${input.warmupMinutes} minutes):\n`,
);
for (const line of capacityTable(rows)) log(line);

log(
  '\nlargest fleet kept on interval at the default maxConcurrency (model: bisection; formula: infra/config/capacity.ts):',
);
const largest: Record<string, number> = {};
for (const { source, intervalMinutes } of settings.intervals) {
  const model = largestFleetOnInterval(input, source, 10_000);
  // without hanging consoles, for comparison (no need where the fleet already fits with them)
  const noHangs =
    model >= 10_000
      ? model
      : largestFleetOnInterval({ ...input, hang: { share: 0, runMs: hang } }, source, 10_000);
  const formula = largestFleet(source, intervalMinutes, settings.rules.maxConcurrency);
  largest[source] = model;
  const shown = (n: number) => (n >= 10_000 ? '≥ 10,000 (the bisection stops there)' : whole(n));
  log(
    `  ${source} (${intervalMinutes} min): model ${shown(model)}, formula ${whole(formula)}; with no hanging consoles: model ${shown(noHangs)}`,
  );
  Object.assign(figures, {
    [`largest.${source}.model`]: model,
    [`largest.${source}.formula`]: formula,
    [`largest.${source}.modelNoHangs`]: noHangs,
  });
}
const fleetLimit = Math.min(...Object.values(largest));
log(`  the fleet: ${whole(fleetLimit)} consoles (the smallest of the sources)`);
figures['largest.fleet'] = fleetLimit;

log('\nmaxConcurrency to choose (the formula per source; the setting is the largest), checked by the model:');
log('| consoles | maxConcurrency | incidents | audit-trail | birds | tokens | model at that setting |');
log('| ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const consoles of [100, 250, 500, 1_000, 2_500, 5_000, 10_000]) {
  const per = settings.intervals.map(({ source, intervalMinutes }) =>
    neededConcurrency(source, intervalMinutes, consoles),
  );
  const choice = Math.max(...per);
  // the model at the formula's choice, on the sources of an hour or less (tokens' day fits anyway)
  const kept = simulate({
    ...input,
    consoles,
    rules: { ...settings.rules, maxConcurrency: Math.min(choice, 1000) },
    sources: input.sources.filter((s) => s.intervalMinutes <= 60),
  }).every((r) => r.keptOnInterval);
  log(
    `| ${whole(consoles)} | ${choice > 1000 ? `${whole(choice)} (over 1,000: lengthen the interval)` : choice} | ${per.join(' | ')} | ${kept ? 'on interval' : 'behind'} |`,
  );
  figures[`choose.${consoles}.maxConcurrency`] = choice;
  figures[`choose.${consoles}.modelOnInterval`] = kept ? 'yes' : 'no';
}
log(
  `W (slot-seconds per console and interval): ${settings.intervals.map(({ source }) => `${source} ${slotSecondsPerConsole(source).toFixed(2)} s`).join(', ')}`,
);

if (!skipScan) {
  log(
    '\nthe dispatcher’s registry read (ConsoleRegistry.list, a Query of the registry index, against dynalite; median of 3):',
  );
  const bytes = Object.fromEntries(Object.entries(measured).map(([s, m]) => [s, m.checkpoint.bytes]));
  const registryOnly = await measureScan(10_000, {});
  const withCheckpoints = await measureScan(1_000, bytes);
  for (const [name, scan] of [
    ['registryOnly', registryOnly],
    ['withCheckpoints', withCheckpoints],
  ] as const) {
    log(
      `  ${whole(scan.consoles)} registry entries${scan.checkpointItems > 0 ? ` and ${whole(scan.checkpointItems)} checkpoint items of the measured sizes` : ''}: ${scan.ms.toFixed(0)} ms, ${scan.pages} pages, ${scan.readUnits} read units (a Scan of the whole table: ${scan.tableScan.pages} pages, ${scan.tableScan.readUnits} read units)`,
    );
    Object.assign(figures, {
      [`scan.${name}.consoles`]: scan.consoles,
      [`scan.${name}.ms`]: Math.round(scan.ms),
      [`scan.${name}.pages`]: scan.pages,
      [`scan.${name}.readUnits`]: scan.readUnits,
      [`scan.${name}.tableScanPages`]: scan.tableScan.pages,
      [`scan.${name}.tableScanReadUnits`]: scan.tableScan.readUnits,
    });
  }
}

writeResults('capacity', figures);
log('\nwritten: bench/results/capacity.json');

function sorted(ms: readonly number[], q: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

function whole(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
