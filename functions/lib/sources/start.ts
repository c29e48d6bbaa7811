import { createHash } from 'node:crypto';

/** A short digest of the settings that fix where a source starts; a change resets its checkpoint. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A start setting (a date, read as midnight UTC, or a date-time with a zone) as epoch ms. */
export function startEpochMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const epoch = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(epoch) ? undefined : epoch;
}
