import type { Figure } from '../results.ts';
import type { SourceResult } from './model.ts';

const seconds = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
const whole = (n: number) => Math.round(n).toLocaleString('en-US');

/** "≥ " when some messages never started: their wait so far makes the figures lower bounds. */
const bound = (r: SourceResult) => (r.delayMs.censored > 0 ? '≥ ' : '');

/** The capacity table: one row per fleet size and source. */
export function capacityTable(rows: Array<{ consoles: number; results: SourceResult[] }>): string[] {
  return [
    '| consoles | source (interval) | due → start p50 | p99 | max | late | queue depth over the hour: mean / max / end | runs (failed) | dead-lettered | peak concurrency | on interval |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.flatMap(({ consoles, results }) =>
      results.map(
        (r) =>
          `| ${whole(consoles)} | ${r.source} (${r.intervalMinutes} min) | ${bound(r)}${seconds(r.delayMs.p50)} | ${bound(r)}${seconds(r.delayMs.p99)} | ${bound(r)}${seconds(r.delayMs.max)} | ${whole(r.late)} | ${whole(r.depth.mean)} / ${whole(r.depth.max)} / ${whole(r.depth.end)} | ${whole(r.runs)} (${whole(r.failed)}) | ${whole(r.deadLettered)} | ${r.peakConcurrency} | ${r.keptOnInterval ? 'yes' : 'no'} |`,
      ),
    ),
  ];
}

/** A source result as flat figures for bench/results/capacity.json. */
export function resultFigures(prefix: string, r: SourceResult): Record<string, Figure> {
  return {
    [`${prefix}.delayP50Ms`]: Math.round(r.delayMs.p50),
    [`${prefix}.delayP99Ms`]: Math.round(r.delayMs.p99),
    [`${prefix}.delayMaxMs`]: Math.round(r.delayMs.max),
    [`${prefix}.delayCensored`]: r.delayMs.censored,
    [`${prefix}.late`]: r.late,
    [`${prefix}.depthMean`]: Math.round(r.depth.mean),
    [`${prefix}.depthMax`]: r.depth.max,
    [`${prefix}.depthEnd`]: r.depth.end,
    [`${prefix}.depthEvery10Min`]: r.depth.series.filter((_, i) => i % 10 === 0).join(' '),
    [`${prefix}.dispatched`]: r.dispatched,
    [`${prefix}.runs`]: r.runs,
    [`${prefix}.failed`]: r.failed,
    [`${prefix}.deadLettered`]: r.deadLettered,
    [`${prefix}.expired`]: r.expired,
    [`${prefix}.peakConcurrency`]: r.peakConcurrency,
    [`${prefix}.keptOnInterval`]: r.keptOnInterval ? 'yes' : 'no',
  };
}
