import type { SourceName } from '#lib/core/ports.ts';
import { CollectorEnvSchema } from '#lib/model/collectorEnv.ts';
import { RUN_REQUEST_MAX_RECEIVES } from '../constructs/fleet.ts';
import type { Deployment } from './schema.ts';

/**
 * How many consoles a source's `fleet.maxConcurrency` keeps on its interval (docs/capacity.md). A
 * source's queue needs, per console and interval, the slot time of one run, and a console that hangs
 * takes far more: every attempt waits the Canary client's whole timeout, and its message is received
 * RUN_REQUEST_MAX_RECEIVES times before the dead-letter queue. So one console's slot-seconds per
 * interval are W = (1 - h) * t + h * R * T, and maxConcurrency C keeps N consoles on an interval of
 * I minutes while N * W <= u * C * 60 * I. The figures are checked against the capacity model
 * (`npm run bench:capacity`), which replays the real dispatch and queue rules.
 */

/** The share of consoles assumed to hang (answer nothing until the client's timeout): the model's 5 %. */
export const HANG_SHARE = 0.05;

/**
 * Seconds of one run against a console that answers, at the default intervals: the local stack's
 * measured run (p95, `npm run bench:capacity`: 0.1-0.3 s) plus its one Canary request at the
 * model's latency (lognormal, median 200 ms); rounded up.
 */
export const RUN_SECONDS: Record<SourceName, number> = {
  incidents: 0.6,
  'audit-trail': 0.4,
  birds: 0.5,
  tokens: 0.5,
};

/** The share of the slots' time the formula plans to use: headroom for bursts and slower consoles. */
export const TARGET_UTILISATION = 0.8;

/**
 * The client's jittered backoff between attempts: at its defaults (canary/client.ts: 500 ms doubling,
 * full jitter) 0.25 + 0.5 + 1 + 2 s expected over four retries.
 */
const BACKOFF_SECONDS = 3.75;

/** One run against a console that never answers: every attempt times out, then CANARY_TIMEOUT. */
export function hungRunSeconds(): number {
  const env = CollectorEnvSchema.parse({
    CONSOLE_REGISTRY: 'true',
    CHECKPOINT_TABLE: 'capacity',
    DELIVERY_STREAM: 'capacity',
  });
  return ((1 + env.HTTP_MAX_RETRIES) * env.HTTP_TIMEOUT_MS) / 1000 + BACKOFF_SECONDS;
}

/** W: the slot-seconds one console takes of `source`'s queue per interval, hanging consoles included. */
export function slotSecondsPerConsole(source: SourceName, hangShare = HANG_SHARE): number {
  return (1 - hangShare) * RUN_SECONDS[source] + hangShare * RUN_REQUEST_MAX_RECEIVES * hungRunSeconds();
}

/** The most consoles `maxConcurrency` keeps on `source`'s interval. */
export function largestFleet(source: SourceName, intervalMinutes: number, maxConcurrency: number): number {
  return Math.floor(
    (TARGET_UTILISATION * maxConcurrency * 60 * intervalMinutes) / slotSecondsPerConsole(source),
  );
}

/** The least maxConcurrency that keeps `consoles` on `source`'s interval. */
export function neededConcurrency(source: SourceName, intervalMinutes: number, consoles: number): number {
  return Math.max(
    2,
    Math.ceil((consoles * slotSecondsPerConsole(source)) / (TARGET_UTILISATION * 60 * intervalMinutes)),
  );
}

/**
 * What synth can tell: the consoles the config lists (those added with `console add` are data it
 * cannot see), against each enabled source's capacity. One line per source that would fall behind.
 */
export function capacityWarnings(config: Deployment): string[] {
  const consoles = config.consoles.length;
  const max = config.fleet.maxConcurrency;
  const warnings: string[] = [];
  for (const [source, settings] of Object.entries(config.sources) as Array<
    [SourceName, Deployment['sources'][SourceName]]
  >) {
    if (!settings.enabled) continue;
    const fits = largestFleet(source, settings.intervalMinutes, max);
    if (consoles <= fits) continue;
    const needed = neededConcurrency(source, settings.intervalMinutes, consoles);
    const fix =
      needed <= 1000
        ? `raise fleet.maxConcurrency to ${needed}`
        : `lengthen sources.${source}.intervalMinutes (fleet.maxConcurrency stops at 1000)`;
    warnings.push(
      `${source}: fleet.maxConcurrency ${max} keeps about ${fits} consoles on the ${settings.intervalMinutes}-minute interval (with ${HANG_SHARE * 100} % of consoles hanging until the Canary client's timeout), and the config lists ${consoles}: ${fix} (docs/capacity.md)`,
    );
  }
  return warnings;
}
