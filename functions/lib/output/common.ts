import { createHash } from 'node:crypto';

/** Deterministic id of an output record: the same object version always gets the same id. */
export function eventId(consoleName: string, source: string, ...naturalKey: Array<string | number>): string {
  return createHash('sha256')
    .update([consoleName, source, ...naturalKey.map(String)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** Epoch seconds (number or numeric string, possibly fractional) as ISO 8601 UTC, or undefined. */
export function epochToIso(value: unknown): string | undefined {
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return new Date(Math.round(seconds * 1000)).toISOString();
}
