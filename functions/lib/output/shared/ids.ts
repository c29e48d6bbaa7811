import { createHash } from 'node:crypto';

/** Deterministic id of an output record: the same object version always gets the same id. */
export function eventId(consoleName: string, source: string, ...naturalKey: Array<string | number>): string {
  return createHash('sha256')
    .update([consoleName, source, ...naturalKey.map(String)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
