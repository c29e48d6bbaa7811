import type { CanarySimulator } from './server.ts';

/**
 * Times no reader can use, as a console with odd data could send them: epoch seconds past what a
 * JavaScript Date holds (`toISOString` threw a RangeError on it), a word, a month that does not exist.
 */
export const ODD_TIMES = {
  outOfRange: 1e13,
  garbage: 'not a time',
  month13: '2026-13-01 00:00:00 UTC+0000',
} as const;

/** What `addOddObjects` added, so a test can find each odd object among the good ones. */
export interface OddObjects {
  incidents: number[];
  auditIds: number[];
  birdIds: string[];
  tokens: string[];
}

/**
 * Objects of each source with unreadable times, added among the good ones (to the feeds only, not
 * posted to webhooks): two incidents (an out-of-range `updated_time` and `created`; a word and a
 * month 13), two audit entries, a bird whose seen times do not read in any spelling, and a token
 * created at an out-of-range time.
 */
export function addOddObjects(sim: CanarySimulator): OddObjects {
  const incidents = [
    ...sim.store.add(1, {
      logtype: 4002,
      fields: { updated_time: ODD_TIMES.outOfRange, description: { created: ODD_TIMES.outOfRange } },
    }),
    ...sim.store.add(1, {
      logtype: 2000,
      fields: { updated_time: ODD_TIMES.garbage, description: { created: ODD_TIMES.month13 } },
    }),
  ];
  const firstAudit = sim.audit.count + 1;
  sim.audit.add(1, { timestamp: ODD_TIMES.garbage });
  sim.audit.add(1, { timestamp: ODD_TIMES.month13 });
  const birdIds = [
    sim.devices.add({
      first_seen: ODD_TIMES.garbage,
      first_seen_std: ODD_TIMES.month13,
      last_seen: String(ODD_TIMES.outOfRange),
      last_seen_std: ODD_TIMES.garbage,
    }),
  ];
  const tokens = [sim.tokens.add('http', { created: String(ODD_TIMES.outOfRange) })];
  return { incidents, auditIds: [firstAudit, firstAudit + 1], birdIds, tokens };
}
