import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { localRun } from '../support/localRun.ts';

/** Flattened output through the real incidents handler, against the local stack. */
interface Line {
  event_id: string;
  source: string;
  event_index?: number;
  new_events?: number;
  canary: { id?: string; updated_id?: number; description?: { events?: unknown[]; events_count: string } };
  normalized: { incident_id: string };
}

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});
afterEach(() => {
  delete process.env.OUTPUT_FLATTEN;
});

describe('flattened incidents, end to end', () => {
  it('sends each event once: an update brings only its new events, an acknowledgement none', async () => {
    const local = await localRun({ simulator: { incidents: 200, seed: 5 } });
    stops.push(local.stop);
    process.env.OUTPUT_FLATTEN = 'true';
    await local.invoke();
    const lines = () => local.records() as unknown as Line[];
    const first = lines();
    const incidents = first.filter((l) => l.source === 'incident');
    const events = first.filter((l) => l.source === 'incident_event');
    expect(incidents).toHaveLength(200);
    expect(incidents.every((l) => l.canary.description?.events === undefined)).toBe(true);
    expect(events).toHaveLength(
      incidents.reduce((n, l) => n + Number(l.canary.description?.events_count), 0),
    );

    const target = incidents[17]?.canary.id as string;
    const eventsBefore = events.filter((l) => l.normalized.incident_id === target).length;
    local.simulator.store.addEvents(17, 2);
    local.simulator.store.acknowledge(42);
    await local.invoke();
    const added = lines().slice(first.length);
    expect(added.filter((l) => l.source === 'incident')).toHaveLength(2);
    const newEvents = added.filter((l) => l.source === 'incident_event');
    expect(newEvents.map((l) => [l.normalized.incident_id, l.event_index])).toEqual([
      [target, eventsBefore],
      [target, eventsBefore + 1],
    ]);
    expect(added.find((l) => l.source === 'incident' && l.canary.id === target)?.new_events).toBe(2);
    expect(new Set(lines().map((l) => l.event_id)).size).toBe(lines().length);
  });
});
