import { describe, expect, it } from 'vitest';
import { FIREHOSE_MAX_RECORD_BYTES } from '#lib/aws/sinks/firehoseSink.ts';
import type { Incident } from '#lib/canary/schemas.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { recordJson } from '#lib/core/serialise.ts';
import { toEcs } from '#lib/output/ecs/index.ts';
import { inFormat } from '#lib/output/format.ts';
import { flattenedIncidentRecords } from '#lib/output/native/flatten.ts';
import { incidentRecords } from '#lib/output/native/incident.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { parquetReady } from '#lib/output/ocsf/parquet.ts';
import { partTargetBytes, recordBytes, splitIncidentRecord } from '#lib/output/shared/split.ts';

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

  it('counts line separators as the escapes the sink writes, in parts and in fragments', () => {
    // 3 bytes each in UTF-8, 6 as `\u2028`: measured raw, these parts would outgrow the limit
    const huge = { n: 1, pad: '\u2028'.repeat(20_000) };
    const events = [{ n: 0, pad: '\u2029'.repeat(1_000) }, huge, { n: 2, pad: '\u0085'.repeat(1_000) }];
    const parts = splitIncidentRecord(incident(events), 8_000);
    for (const part of parts) expect(recordBytes(part)).toBeLessThanOrEqual(8_000);
    const fragments = parts
      .filter((p) => p.event_fragment !== undefined)
      .map((p) => p.event_fragment as { text: string });
    expect(JSON.parse(fragments.map((f) => f.text).join(''))).toEqual(huge);
    expect(eventsOf(parts)).toEqual([events[0], events[2]]);
  });
});

describe('every format fits Firehose, whatever the incident', () => {
  // Four 400 KB events, one 1.2 MB event and one made of quotes (which ECS's JSON text doubles).
  const big = (n: number, bytes: number, char = 'x') => ({
    n,
    USERNAME: 'root',
    PAYLOAD: char.repeat(bytes),
  });
  const canaryIncident = {
    id: 'incident:node:hash:192.0.2.1:1767225600',
    hash_id: 'hash',
    summary: 'HTTP Page Load',
    updated_id: 7,
    updated_time: '1767225601',
    description: {
      acknowledged: 'False',
      created: '1767225600',
      description: 'HTTP Page Load',
      dst_host: '10.0.0.5',
      dst_port: '80',
      events: [...[1, 2, 3, 4].map((n) => big(n, 400_000)), big(5, 1_200_000), big(6, 900_000, '"')],
      events_count: '6',
      logtype: '3000',
      name: 'WEB-01',
      node_id: 'node',
      src_host: '192.0.2.1',
      src_port: '5000',
    },
  } as unknown as Incident;

  it.each(['native', 'ocsf', 'ecs'] as const)(
    '%s: incident and flattened records all under 1,000 KiB, events rebuilt',
    (format) => {
      const options = {
        credentials: { mode: 'mask' as const },
        partBytes: partTargetBytes(format, FIREHOSE_MAX_RECORD_BYTES),
      };
      const map = format === 'ocsf' ? toOcsf : format === 'ecs' ? toEcs : (r: OutputRecord) => r;
      const whole = incidentRecords('c', [canaryIncident], 'now', options);
      const flat = flattenedIncidentRecords(
        'c',
        [{ incident: canaryIncident, newEventsFrom: 0 }],
        'now',
        options,
      );
      for (const record of [...whole, ...flat])
        expect(Buffer.byteLength(`${JSON.stringify(map(record))}\n`)).toBeLessThanOrEqual(
          FIREHOSE_MAX_RECORD_BYTES,
        );
      // the flattened 1.2 MB and 900 KB events travel as fragments that rebuild them exactly
      const fragmentsOf = (n: number) =>
        flat
          .filter((r) => r.source === 'incident_event' && r.event_index === n - 1)
          .sort((a, b) => Number(a.part ?? 0) - Number(b.part ?? 0));
      for (const n of [5, 6]) {
        const parts = fragmentsOf(n);
        expect(parts.length).toBeGreaterThan(1);
        expect(parts.filter((p) => p.alert === true).length).toBeLessThanOrEqual(1);
        const text = parts.map((p) => (p.event_fragment as { text: string }).text).join('');
        expect(JSON.parse(text)).toEqual(canaryIncident.description.events?.[n - 1]);
      }
      expect(fragmentsOf(1)).toHaveLength(1);
    },
  );

  it.each(['native', 'ocsf', 'ecs'] as const)(
    '%s, as the collector formats: each record measured once formatted, split only if that text does not fit',
    (format) => {
      const normalize = inFormat(
        (items: Incident[], at: string) => incidentRecords('c', items, at),
        format,
        FIREHOSE_MAX_RECORD_BYTES,
      );
      // 300,000 quotes: 600 KB escaped in native and OCSF, twice that in ECS's escaped event.original
      const quotes = {
        ...canaryIncident,
        id: 'quotes',
        description: { ...canaryIncident.description, events: [big(1, 300_000, '"')] },
      };
      const small = {
        ...canaryIncident,
        id: 'small',
        description: { ...canaryIncident.description, events: [big(2, 100)] },
      };
      const records = normalize([quotes as Incident, small as Incident, canaryIncident], 'now');
      for (const record of records)
        expect(Buffer.byteLength(`${recordJson(record)}\n`)).toBeLessThanOrEqual(FIREHOSE_MAX_RECORD_BYTES);
      const incidentOf = (r: Record<string, unknown>): unknown => {
        if (format === 'native') return (r.canary as { id: string }).id;
        if (format === 'ocsf') return (r.unmapped as { canary: { id: string } }).canary.id;
        return (JSON.parse((r.event as { original: string }).original) as { id: string }).id;
      };
      const count = (id: string) =>
        records.filter((r) => incidentOf(r as Record<string, unknown>) === id).length;
      if (format === 'ecs') expect(count(quotes.id)).toBeGreaterThan(1);
      else expect(count(quotes.id)).toBe(1);
      expect(count('small')).toBe(1);
      expect(count(canaryIncident.id)).toBeGreaterThan(2);
      // a record that fits goes out as the text it was measured by (not serialised again)
      const [whole] = normalize([small as Incident], 'now');
      expect(recordJson(whole as object)).toBe(JSON.stringify(whole));
    },
  );

  it('Security Lake (OCSF made Parquet-ready): measured as sent, the Canary object as escaped JSON text', () => {
    const normalize = inFormat(
      (items: Incident[], at: string) => incidentRecords('c', items, at),
      'ocsf',
      FIREHOSE_MAX_RECORD_BYTES,
      { parquet: true },
    );
    const quotes = {
      ...canaryIncident,
      id: 'quotes',
      description: { ...canaryIncident.description, events: [big(1, 300_000, '"')] },
    };
    const records = normalize([quotes as Incident, canaryIncident], 'now');
    for (const record of records) {
      // what the class router sends: parquetReady again changes nothing, so the measured text is sent
      expect(parquetReady(record)).toBe(record);
      expect(typeof (record.unmapped as { canary: unknown }).canary).toBe('string');
      expect(Buffer.byteLength(`${recordJson(record)}\n`)).toBeLessThanOrEqual(FIREHOSE_MAX_RECORD_BYTES);
    }
    // 600 KB escaped once is 1.2 MB escaped twice: the quotes incident is split to fit
    const ids = records.map(
      (r) => (JSON.parse((r.unmapped as { canary: string }).canary) as { id: string }).id,
    );
    expect(ids.filter((id) => id === 'quotes').length).toBeGreaterThan(1);
  });
});
