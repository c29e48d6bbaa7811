import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { incidentKey, packSent, unpackSent } from '#lib/canary/sentCounts.ts';

/** The key as checkpoints before the packed form spelled it: 12 base64url characters of the id's SHA-256. */
const legacyKey = (id: string) => hash('sha256', id, 'base64url').slice(0, 12);

describe('the packed memory of events sent per incident', () => {
  it('round-trips counts of every size, in order (least recently updated first)', () => {
    const counts = [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 31 + 5, Number.MAX_SAFE_INTEGER];
    const sent = new Map(counts.map((count, i) => [incidentKey(`incident-${i}`), count]));
    const back = unpackSent(packSent(sent));
    expect([...back.entries()]).toEqual([...sent.entries()]);
  });

  it('costs 10 bytes an incident below 128 events, so 2,000 incidents fit in 20 KB', () => {
    const sent = new Map(Array.from({ length: 2000 }, (_, i) => [incidentKey(`i${i}`), i % 100]));
    expect(packSent(sent).byteLength).toBe(1 + 2000 * 10);
  });

  it('reads a checkpoint written as a map (before the packed form) as the same incidents and counts', () => {
    const legacy = { [legacyKey('a')]: 3, [legacyKey('b')]: 1 };
    const sent = unpackSent(legacy);
    expect(sent.get(incidentKey('a'))).toBe(3);
    expect(sent.get(incidentKey('b'))).toBe(1);
    expect([...sent.keys()]).toEqual([incidentKey('a'), incidentKey('b')]);
  });

  it('reads an empty, absent, unknown-format or cut-off memory without inventing incidents', () => {
    expect(unpackSent(undefined).size).toBe(0);
    expect(unpackSent(new Uint8Array()).size).toBe(0);
    expect(unpackSent(new Uint8Array([2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1])).size).toBe(0);
    const whole = packSent(
      new Map([
        [incidentKey('a'), 5],
        [incidentKey('b'), 6],
      ]),
    );
    // the second entry cut inside its key: only the first is read
    expect([...unpackSent(whole.subarray(0, 15)).values()]).toEqual([5]);
    // a count that never ends (corrupt bytes): the entries before it, no endless or infinite count
    const endless = Buffer.concat([Buffer.from(whole), Buffer.alloc(9, 7), Buffer.alloc(20, 0xff)]);
    expect([...unpackSent(endless).values()]).toEqual([5, 6]);
    // a cut-off count is dropped too
    expect([...unpackSent(whole.subarray(0, whole.length - 1)).values()]).toEqual([5]);
  });

  it('packs a value of its own: later changes to the Map do not reach a state already yielded', () => {
    const sent = new Map([[incidentKey('a'), 1]]);
    const packed = packSent(sent);
    const copy = Uint8Array.from(packed);
    sent.set(incidentKey('a'), 9);
    packSent(sent);
    expect(packed).toEqual(copy);
    expect(packed.buffer.byteLength).toBe(packed.byteLength);
  });
});
