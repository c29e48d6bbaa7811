/** Times as the Canary API writes them: epoch seconds, and its own date-time strings. */

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

const CANARY_TIME =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)? ?(?:UTC|GMT)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?$/;

/**
 * A console time string such as "2020-04-03 12:56:42 UTC+0000" (or with any other offset the
 * console's `tz` setting produced, or ISO 8601) as ISO 8601 UTC; undefined if unreadable.
 */
export function canaryTimeToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = CANARY_TIME.exec(value.trim());
  if (match === null) return undefined;
  const [, date, time, fraction = '', sign, hours = '00', minutes = '00'] = match;
  const offset = sign === undefined ? 'Z' : `${sign}${hours}:${minutes}`;
  const epoch = Date.parse(`${date}T${time}${fraction}${offset}`);
  return Number.isNaN(epoch) ? undefined : new Date(epoch).toISOString();
}
