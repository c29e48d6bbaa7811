import { afterAll, describe, expect, it } from 'vitest';
import { addOddObjects } from '#fakes/simulator/oddTimes.ts';
import { ocsfProblems } from '#lib/output/ocsf/schemas.ts';
import { ecsProblems } from '#siem/elastic/check.ts';
import { ecsFields } from '#siem/elastic/fields.ts';
import { localRun } from '../support/localRun.ts';

/**
 * Objects whose times do not read (epoch 1e13, a word, month 13) among good ones, for each of the four
 * sources, through the real handlers against the simulator: every object delivered, the odd ones
 * flagged with the collection time, the checkpoint moved past them, and the next run reads on.
 */
const ECS = ecsFields();
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

type Format = 'native' | 'ocsf' | 'ecs';
type Json = Record<string, unknown>;

/** What a test needs of a record in any format: its source, flag, times and Canary object. */
function view(format: Format, record: Json) {
  if (format === 'native')
    return {
      source: record.source as string,
      flagged: record.time_fallback,
      time: record.time as string,
      collectedAt: record.collected_at as string,
      canary: record.canary as Json,
    };
  if (format === 'ocsf') {
    const metadata = record.metadata as { log_name: string; logged_time: number };
    const unmapped = record.unmapped as Json;
    return {
      source: metadata.log_name.replace(/^canary:/, ''),
      flagged: unmapped.time_fallback,
      time: new Date(record.time as number).toISOString(),
      collectedAt: new Date(metadata.logged_time).toISOString(),
      canary: unmapped.canary as Json,
    };
  }
  const custom = record.thinkst_canary as Json;
  const event = record.event as { created: string; original: string };
  return {
    source: custom.source as string,
    flagged: custom.time_fallback,
    time: record['@timestamp'] as string,
    collectedAt: event.created,
    canary: JSON.parse(event.original) as Json,
  };
}

describe('objects with times that do not read', () => {
  it.each(['native', 'ocsf', 'ecs'] as const)(
    'are delivered flagged, with the collection time, and never stall a source (%s)',
    async (format) => {
      const local = await localRun({
        simulator: { incidents: 20, auditEntries: 10, birds: 3, tokens: 3, seed: 8 },
        settings: { OUTPUT_FORMAT: format },
      });
      stops.push(local.stop);
      const sim = local.simulator;
      const odd = addOddObjects(sim);
      // good ones after the odd ones too: the odd ones sit in the middle of the feed
      sim.store.add(2);
      sim.audit.add(2);
      sim.devices.add();
      sim.tokens.add();

      const incidents = await local.run('incidents');
      const audit = await local.run('audit-trail');
      const birds = await local.run('birds');
      const tokens = await local.run('tokens');
      expect([incidents, audit, birds, tokens].map((s) => s.status)).toEqual([
        'completed',
        'completed',
        'completed',
        'completed',
      ]);
      expect(incidents.checkpoint).toMatchObject({ maxUpdatedId: sim.store.maxUpdatedId });
      expect(audit.checkpoint).toMatchObject({ lastAuditId: sim.audit.count });

      const records = (local.records() as unknown as Json[]).map((record) => view(format, record));
      const counts = (source: string) => records.filter((r) => r.source === source).length;
      expect([counts('incident'), counts('audit'), counts('bird'), counts('token')]).toEqual([
        sim.store.count,
        sim.audit.count,
        sim.devices.list().length,
        sim.tokens.list().length,
      ]);
      const oddKeys = new Set<unknown>([
        ...odd.incidents.map((index) => sim.store.render(index).id),
        ...odd.auditIds,
        ...odd.birdIds,
        ...odd.tokens,
      ]);
      const flagged = records.filter((r) => r.flagged === true);
      expect(new Set(flagged.map((r) => r.canary.id ?? r.canary.canarytoken))).toEqual(oddKeys);
      expect(records.filter((r) => r.flagged !== undefined && r.flagged !== true)).toEqual([]);
      // incidents and audit entries fall back to the collection time; birds and tokens always have the snapshot's
      for (const r of flagged)
        if (r.source === 'incident' || r.source === 'audit') expect(r.time).toBe(r.collectedAt);
        else expect(Date.parse(r.time)).toBeLessThanOrEqual(Date.parse(r.collectedAt));
      expect(new Set(flagged.map((r) => r.source))).toEqual(new Set(['incident', 'audit', 'bird', 'token']));

      if (format === 'ocsf') {
        const raw = local.records() as unknown as Json[];
        expect(raw.flatMap((event) => ocsfProblems(event))).toEqual([]);
      }
      if (format === 'ecs') {
        const raw = local.records() as unknown as Json[];
        expect(raw.flatMap((doc) => ecsProblems(doc, ECS))).toEqual([]);
      }

      // the next run reads on from past them
      sim.store.add(1);
      sim.audit.add(1);
      expect((await local.run('incidents')).stats.recordsSent).toBe(1);
      expect((await local.run('audit-trail')).stats.recordsSent).toBe(1);
    },
  );
});
