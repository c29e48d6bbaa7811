import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '#lib/core/ports.ts';
import { recordJson, rememberJson } from '#lib/core/serialise.ts';
import { splitIncidentRecord } from '#lib/output/shared/split.ts';

describe('record JSON, computed once', () => {
  it('serves the text remembered for a record, and serialises any other', () => {
    const remembered = { a: 1 };
    rememberJson(remembered, '{"a":1,"remembered":true}');
    expect(recordJson(remembered)).toBe('{"a":1,"remembered":true}');
    expect(recordJson({ b: 2 })).toBe('{"b":2}');
  });

  it('is remembered by the split check for a record that needs no split', () => {
    const record: OutputRecord = {
      event_id: 'e',
      source: 'incident',
      console: 'c',
      time: 't',
      collected_at: 't',
      canary: { description: { events: [] } },
    };
    const [same] = splitIncidentRecord(record);
    expect(same).toBe(record);
    // change the object behind the cache's back: the text the split check made is what is served
    (record as { extra?: boolean }).extra = true;
    expect(recordJson(record)).toBe(JSON.stringify({ ...record, extra: undefined }));
  });
});
