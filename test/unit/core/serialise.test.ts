import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '#lib/core/ports.ts';
import { keptJson, lineSafe, recordJson, rememberJson } from '#lib/core/serialise.ts';
import { splitIncidentRecord } from '#lib/output/shared/split.ts';

describe('record JSON, computed once', () => {
  it('serves the text remembered for a record, and serialises any other', () => {
    const remembered = { a: 1 };
    rememberJson(remembered, '{"a":1,"remembered":true}');
    expect(recordJson(remembered)).toBe('{"a":1,"remembered":true}');
    expect(recordJson({ b: 2 })).toBe('{"b":2}');
  });

  it('keeps the text out of the record’s JSON, keys and copies: a copy (a split part) is serialised anew', () => {
    const record = { a: 1 };
    rememberJson(record, '{"a":1,"remembered":true}');
    expect(JSON.stringify(record)).toBe('{"a":1}');
    expect(Object.keys(record)).toEqual(['a']);
    expect(recordJson({ ...record, b: 2 })).toBe('{"a":1,"b":2}');
    expect(recordJson(Object.assign({}, record))).toBe('{"a":1}');
    // remembered again (the token scrub keeps the text it searched): the latest text is served
    rememberJson(record, '{"a":1,"again":true}');
    expect(recordJson(record)).toBe('{"a":1,"again":true}');
  });

  it('keptJson serves the kept text, and keeps what it had to serialise', () => {
    const fresh: Record<string, unknown> = { c: 3 };
    expect(keptJson(fresh)).toBe('{"c":3}');
    fresh.d = 4;
    // kept: the text as it was serialised (records are not changed once made)
    expect(recordJson(fresh)).toBe('{"c":3}');
    const remembered = { e: 5 };
    rememberJson(remembered, '{"e":5,"kept":true}');
    expect(keptJson(remembered)).toBe('{"e":5,"kept":true}');
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

describe('line-safe JSON', () => {
  const text = 'a\u2028b\u2029c\u0085d';

  it('escapes U+2028, U+2029 and U+0085, and JSON.parse gives the value back', () => {
    const json = recordJson({ text });
    expect(json).toBe('{"text":"a\\u2028b\\u2029c\\u0085d"}');
    expect(JSON.parse(json)).toEqual({ text });
  });

  it('makes remembered text line-safe too, and leaves text without them as it is', () => {
    const record = {};
    rememberJson(record, JSON.stringify({ text }));
    expect(/[\u0085\u2028\u2029]/.test(recordJson(record))).toBe(false);
    const plain = '{"text":"plain \\n é"}';
    expect(lineSafe(plain)).toBe(plain);
  });
});
