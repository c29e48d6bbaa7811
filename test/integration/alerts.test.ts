import { afterEach, describe, expect, it } from 'vitest';
import { localRun } from '../support/localRun.ts';

type Line = {
  source: string;
  event_kind: string;
  alert: boolean;
  message: string;
  category?: string;
  canary: { id?: string };
  incident_updated_id?: number;
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/**
 * The life of incidents, through the real handler: new, joined by new events, acknowledged. A rule
 * "alert = true" must fire once per attack incident, never on a later version or an acknowledgement.
 */
describe('alert semantics over an incident’s life', () => {
  for (const flatten of [false, true]) {
    it(`fires once per attack incident, never on updates or acknowledgements (${flatten ? 'flattened' : 'native'})`, async () => {
      const local = await localRun({
        simulator: { incidents: 40, seed: 5 },
        settings: { OUTPUT_FLATTEN: String(flatten) },
      });
      stop = local.stop;
      await local.invoke();
      const { simulator } = local;
      simulator.store.addEvents(0, 2);
      simulator.store.addEvents(1, 1);
      simulator.store.acknowledge(2);
      simulator.store.acknowledge(0);
      simulator.store.add(3);
      await local.invoke();
      await local.invoke();

      const lines = local.records() as unknown as Line[];
      const incidents = lines.filter((l) => l.source === 'incident');
      const alerting = new Map<string, number>();
      for (const line of lines.filter((l) => l.alert)) {
        const id = line.canary.id ?? JSON.stringify(line);
        if (line.source === 'incident') alerting.set(id, (alerting.get(id) ?? 0) + 1);
      }
      // every attack incident first delivered open alerted exactly once, on that first delivery
      const first = new Map<string, Line>();
      for (const line of incidents)
        if (!first.has(line.canary.id as string)) first.set(line.canary.id as string, line);
      const openAttacks = [...first.values()].filter(
        (l) => l.category === 'attack' && l.event_kind === 'new',
      );
      expect(openAttacks.length).toBeGreaterThan(30);
      expect([...alerting.keys()].sort()).toEqual(openAttacks.map((l) => l.canary.id).sort());
      expect(openAttacks.every((l) => l.alert)).toBe(true);
      expect([...alerting.values()].every((n) => n === 1)).toBe(true);
      for (const line of incidents) {
        expect(line.message.length).toBeGreaterThan(10);
        if (line.event_kind !== 'new') expect(line.alert).toBe(false);
        if (line.category === 'operational') expect(line.alert).toBe(false);
      }
      // the second run: incident 1 joined by events (updated), 0 and 2 acknowledged, 3 new ones
      const secondRun = incidents.slice(first.size === incidents.length ? 0 : 40);
      const kinds = secondRun.map((l) => l.event_kind).sort();
      expect(kinds).toEqual(['acknowledged', 'acknowledged', 'new', 'new', 'new', 'updated']);
      if (flatten) {
        // events never alert: their incident record does, once (docs/output.md, "One alert per incident")
        const events = lines.filter((l) => l.source === 'incident_event');
        expect(events.some((e) => e.event_kind === 'new')).toBe(true);
        expect(events.every((e) => !e.alert)).toBe(true);
      }
    });
  }

  it('audit, bird and token records say what they are, never alert, and carry a typed view', async () => {
    const local = await localRun({ simulator: { incidents: 1 } });
    stop = local.stop;
    for (const source of ['audit-trail', 'birds', 'tokens'] as const) await local.run(source);
    const lines = local.records() as unknown as Array<Line & { normalized: Record<string, unknown> }>;
    const of = (source: string) => lines.filter((l) => l.source === source);
    expect(of('audit').every((l) => l.event_kind === 'activity' && !l.alert)).toBe(true);
    expect(of('bird').every((l) => l.event_kind === 'snapshot' && !l.alert)).toBe(true);
    expect(of('token').every((l) => l.event_kind === 'snapshot' && !l.alert)).toBe(true);
    const audit = of('audit')[0]?.normalized;
    expect(audit).toMatchObject({ audit_id: expect.any(Number), time: expect.stringMatching(/Z$/) });
    const bird = of('bird')[0]?.normalized;
    expect(bird).toMatchObject({
      live: true,
      uptime_seconds: expect.any(Number),
      first_seen: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    const token = of('token')[0]?.normalized;
    expect(token).toMatchObject({
      enabled: true,
      created: expect.stringMatching(/Z$/),
      triggered_count: expect.any(Number),
    });
    expect(of('bird')[0]?.message).toMatch(/^Canary \S+ is online$/);
    expect(of('token')[0]?.message).toMatch(/^Canarytoken \S+ ".+" is enabled$/);
  });
});
