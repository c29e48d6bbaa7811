import { hash } from 'node:crypto';

/**
 * Deterministic id of an output record: the same object version always gets the same id. One-shot
 * crypto.hash, not createHash: the same digest without a Hash object per record.
 */
export function eventId(consoleName: string, source: string, ...naturalKey: Array<string | number>): string {
  return hash('sha256', [consoleName, source, ...naturalKey.map(String)].join('\u0000'), 'hex').slice(0, 32);
}
