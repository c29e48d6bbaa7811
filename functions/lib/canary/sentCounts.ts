import { hash } from 'node:crypto';

/**
 * The incidents checkpoint's memory of events delivered per incident, packed for DynamoDB: one
 * binary attribute instead of a map of 2,000 numbers. The map cost a marshalling of every entry on
 * every page commit (a twentieth of a backfill's CPU) and about 30 KB of item; packed it is a copy of
 * bytes and about 20 KB, and every write of the item (lease, commit, release) is billed by its size.
 *
 * Layout: a format byte (1), then per incident, least recently updated first: the first 9 bytes of
 * the SHA-256 of its id, and the count as an unsigned LEB128 varint (one byte below 128 events).
 */
const FORMAT = 1;
const KEY_BYTES = 9;

/** The incident's key in the map: its 9 hash bytes as a latin1 ('binary') string, a cheap Map key 1:1 with the bytes. */
export function incidentKey(id: string): string {
  return hash('sha256', id, 'binary').slice(0, KEY_BYTES);
}

/** The counts as stored before the packed form: 12 base64url characters per key (the same 9 bytes). */
export type LegacySentCounts = Record<string, number>;

/** Reads a stored memory, packed or the older map; anything unreadable is an empty memory. */
export function unpackSent(stored: Uint8Array | LegacySentCounts | undefined): Map<string, number> {
  const sent = new Map<string, number>();
  if (stored === undefined) return sent;
  if (!(stored instanceof Uint8Array)) {
    for (const [key, count] of Object.entries(stored))
      sent.set(Buffer.from(key, 'base64url').toString('latin1', 0, KEY_BYTES), count);
    return sent;
  }
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (bytes[0] !== FORMAT) return sent;
  let at = 1;
  while (at + KEY_BYTES < bytes.length) {
    const key = bytes.toString('latin1', at, at + KEY_BYTES);
    at += KEY_BYTES;
    let count = 0;
    let ended = false;
    // at most 8 bytes (a count below 2^53): longer is corrupt, and what was read before is kept
    for (let shift = 0; at < bytes.length && shift <= 49; shift += 7) {
      const byte = bytes[at++] as number;
      count += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        ended = true;
        break;
      }
    }
    if (!ended) return sent;
    sent.set(key, count);
  }
  return sent;
}

/** Packs the memory in the Map's order (its insertion order is least recently updated first). */
export function packSent(sent: ReadonlyMap<string, number>): Uint8Array<ArrayBuffer> {
  // 9 key bytes and at most 8 varint bytes (a count below 2^53) per incident
  const bytes = Buffer.allocUnsafe(1 + sent.size * (KEY_BYTES + 8));
  bytes[0] = FORMAT;
  let at = 1;
  for (const [key, count] of sent) {
    at += bytes.write(key, at, KEY_BYTES, 'latin1');
    let rest = Number.isSafeInteger(count) && count > 0 ? count : 0;
    while (rest >= 0x80) {
      bytes[at++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    bytes[at++] = rest;
  }
  // a copy of its own length: the state outlives this call and must not pin the larger buffer
  return new Uint8Array(bytes.subarray(0, at));
}
