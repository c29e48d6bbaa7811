import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '../../../functions/lib/core/ports.ts';
import { recordBytes, splitIncidentRecord } from '../../../functions/lib/output/split.ts';

function incident(events: unknown[]): OutputRecord {
  return {
    event_id: 'base',
    source: 'incident',
    console: 'c',
    time: '2026-01-01T00:00:00.000Z',
    collected_at: '2026-01-01T00:00:01.000Z',
    canary: { id: 'incident:1', updated_id: 9, description: { logtype: '3001', events } },
  };
}

const eventsOf = (records: OutputRecord[]) =>
  records.flatMap((r) => (r.canary as { description: { events: unknown[] } }).description.events);

describe('splitIncidentRecord', () => {
  it('leaves a record under the limit alone', () => {
    const record = incident([{ a: 1 }]);
    expect(splitIncidentRecord(record, 10_000)).toEqual([record]);
  });

  it('splits a big incident into parts that each fit and together hold every event in order', () => {
    const events = Array.from({ length: 300 }, (_, i) => ({ n: i, pad: 'x'.repeat(100) }));
    const parts = splitIncidentRecord(incident(events), 5_000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(recordBytes(part)).toBeLessThanOrEqual(5_000);
    expect(eventsOf(parts)).toEqual(events);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(new Set(parts.map((p) => p.event_id)).size).toBe(parts.length);
    expect(parts.every((p) => p.parent_event_id === 'base' && p.parts === parts.length)).toBe(true);
    expect(splitIncidentRecord(incident(events), 5_000).map((p) => p.event_id)).toEqual(
      parts.map((p) => p.event_id),
    );
  });

  it('carries an event too big for any part as text fragments that rebuild it exactly', () => {
    const huge = { n: 1, pad: 'é'.repeat(20_000) };
    const parts = splitIncidentRecord(incident([{ n: 0 }, huge, { n: 2 }]), 8_000);
    for (const part of parts) expect(recordBytes(part)).toBeLessThanOrEqual(8_000);
    const fragments = parts
      .filter((p) => p.event_fragment !== undefined)
      .map((p) => p.event_fragment as { text: string });
    expect(JSON.parse(fragments.map((f) => f.text).join(''))).toEqual(huge);
    expect(eventsOf(parts)).toEqual([{ n: 0 }, { n: 2 }]);
  });
});
