import { describe, expect, it } from 'vitest';
import { EventTrackingReader, type TrackedIncidentsState } from '#lib/canary/eventTracking.ts';
import type { IncidentsState } from '#lib/canary/incidents.ts';
import type { Incident } from '#lib/canary/schemas.ts';
import { incidentKey, unpackSent } from '#lib/canary/sentCounts.ts';
import type { CanaryReader, ReaderPage } from '#lib/core/ports.ts';
import { flattenedIncidentRecords } from '#lib/output/native/flatten.ts';
import { MASK } from '#lib/output/shared/credentials.ts';

const event = (n: number) => ({ USERNAME: `u${n}`, PASSWORD: `p${n}`, timestamp: 1_767_225_600 + n });
const version = (id: string, updatedId: number, events: number): Incident => ({
  id,
  updated_id: updatedId,
  updated_time: String(1_767_225_700 + updatedId),
  description: {
    logtype: '4002',
    created: '1767225600',
    events: Array.from({ length: events }, (_, n) => event(n)),
  },
});

/** An inner source serving fixed pages of incident versions. */
class Versions implements CanaryReader<IncidentsState, Incident> {
  readonly name = 'incidents' as const;
  constructor(private readonly pages_: Incident[][]) {}
  async *pages(): AsyncGenerator<ReaderPage<IncidentsState, Incident>> {
    for (const items of this.pages_) {
      const top = Math.max(...items.map((i) => i.updated_id));
      yield {
        items,
        state: { maxUpdatedId: top },
        requests: 1,
        received: items.length,
        duplicates: 0,
        filtered: 0,
      };
    }
  }
}

async function drain(source: EventTrackingReader, state: TrackedIncidentsState) {
  const pages = [];
  for await (const page of source.pages(state)) pages.push(page);
  return { items: pages.flatMap((p) => p.items), state: pages.at(-1)?.state ?? state };
}

describe('EventTrackingReader', () => {
  it('marks the events delivered before, per incident, and remembers them in the state', async () => {
    const first = await drain(
      new EventTrackingReader(new Versions([[version('a', 1, 3), version('b', 2, 1)]]), true),
      { maxUpdatedId: 0 },
    );
    expect(first.items.map((i) => i.newEventsFrom)).toEqual([0, 0]);
    expect([...unpackSent(first.state.eventCounts).values()]).toEqual([3, 1]);
    // a acknowledged (same 3 events), b joined by 2 events
    const second = await drain(
      new EventTrackingReader(new Versions([[version('a', 3, 3), version('b', 4, 3)]]), true),
      first.state,
    );
    expect(second.items.map((i) => [i.incident.id, i.newEventsFrom])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(second.state.maxUpdatedId).toBe(4);
  });

  it('sends every event of an incident whose events were trimmed, and tracks nothing when off', async () => {
    const state: TrackedIncidentsState = { maxUpdatedId: 0, sent: {} };
    const first = await drain(new EventTrackingReader(new Versions([[version('a', 1, 5)]]), true), state);
    const trimmed = await drain(
      new EventTrackingReader(new Versions([[version('a', 2, 2)]]), true),
      first.state,
    );
    expect(trimmed.items[0]?.newEventsFrom).toBe(0);
    const off = await drain(
      new EventTrackingReader(new Versions([[version('a', 3, 5)]]), false),
      first.state,
    );
    expect(off.items[0]?.newEventsFrom).toBe(0);
    expect(off.state).toEqual({ maxUpdatedId: 3 });
  });

  it('keeps the counts of the 2,000 most recently updated incidents only', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => version(`i${i}`, i + 1, 1));
    const { state } = await drain(new EventTrackingReader(new Versions([many]), true), { maxUpdatedId: 0 });
    const sent = unpackSent(state.eventCounts);
    expect(sent.size).toBe(2000);
    // the 100 least recently updated went; the newest is last
    expect(sent.has(incidentKey('i99'))).toBe(false);
    expect(sent.has(incidentKey('i100'))).toBe(true);
    expect([...sent.keys()].at(-1)).toBe(incidentKey('i2099'));
    expect(state.eventCounts?.byteLength).toBe(1 + 2000 * 10);
  });
});

describe('flattened incident records', () => {
  it('gives one incident record without events and one record per new event, with stable ids', () => {
    const records = flattenedIncidentRecords(
      'prod',
      [{ incident: version('a', 7, 3), newEventsFrom: 1 }],
      't',
      { credentials: { mode: 'mask' } },
    );
    expect(records.map((r) => r.source)).toEqual(['incident', 'incident_event', 'incident_event']);
    const [incident, second, third] = records;
    expect(incident).toMatchObject({ new_events: 2, logtype: 4002, sourcetype: 'canary:incident' });
    expect(incident?.canary).toMatchObject({ description: { events: undefined } });
    expect(second).toMatchObject({
      event_index: 1,
      incident_updated_id: 7,
      sourcetype: 'canary:incident_event',
      family: 'ssh',
      time: '2026-01-01T00:00:01.000Z',
    });
    expect(second?.canary).toEqual({ ...event(1), PASSWORD: MASK });
    expect(second?.normalized).toMatchObject({ incident_id: 'a' });
    expect(third?.event_index).toBe(2);
    // the same event in a later version of the incident keeps its id
    const later = flattenedIncidentRecords(
      'prod',
      [{ incident: version('a', 9, 4), newEventsFrom: 0 }],
      't',
      { credentials: { mode: 'mask' } },
    );
    expect(
      later
        .filter((r) => r.source === 'incident_event')
        .map((r) => r.event_id)
        .slice(1, 3),
    ).toEqual([second?.event_id, third?.event_id]);
  });
});
