import { describe, expect, it } from 'vitest';
import { LineBatch, MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from '#lib/aws/sinks/lineBatch.ts';

const add = (batch: LineBatch, json: string) => batch.add(json, Buffer.byteLength(json) + 1);
const text = (views: Uint8Array[]) => views.map((v) => Buffer.from(v).toString('utf8'));

describe('LineBatch', () => {
  it('hands out each line with its newline, multi-byte text whole, across the buffer growing', () => {
    const batch = new LineBatch();
    const lines = ['{"a":1}', '{"b":"ünï \\u2028"}', `{"big":"${'x'.repeat(700_000)}"}`, '{}'];
    for (const line of lines) add(batch, line);
    expect(batch.count).toBe(4);
    expect(batch.bytes).toBe(lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0));
    expect(text(batch.take())).toEqual(lines.map((l) => `${l}\n`));
    expect(batch.count).toBe(0);
  });

  it('never overwrites views already taken: the next batch starts in a new buffer', () => {
    const batch = new LineBatch();
    add(batch, '{"first":1}');
    const first = batch.take();
    add(batch, '{"second":2}');
    const second = batch.take();
    expect(text(first)).toEqual(['{"first":1}\n']);
    expect(text(second)).toEqual(['{"second":2}\n']);
  });

  it('takes at most 500 records and 4 MiB, and any one record into an empty batch', () => {
    const batch = new LineBatch();
    for (let i = 0; i < MAX_BATCH_RECORDS; i++) add(batch, '{}');
    expect(batch.fits(3)).toBe(false);
    batch.take();
    add(batch, 'x'.repeat(MAX_BATCH_BYTES - 11));
    expect(batch.fits(10)).toBe(true);
    expect(batch.fits(11)).toBe(false);
    batch.take();
    expect(batch.fits(MAX_BATCH_BYTES + 1)).toBe(true);
  });
});
