/**
 * Times as the Canary API writes them: epoch seconds, and its own date-time strings. None of these
 * throws: a console can send any value in a time field, and an unreadable one must not stop a source
 * (the record then carries the collection time and `time_fallback`, see output/native/times.ts).
 */

/** The last millisecond ISO 8601 writes with a four-digit year (9999-12-31T23:59:59.999Z). */
const MAX_MS = 253_402_300_799_999;

/**
 * Epoch milliseconds as ISO 8601 UTC, or undefined outside years 1970–9999: `toISOString` throws a
 * RangeError past year 275760 and writes six-digit years past 9999, which no SIEM reads as a time.
 */
export function msToIso(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) return undefined;
  // Whole milliseconds of the day last asked for: written from the cached date and the time of day,
  // as toISOString would write them (a backfill asks for times close together, four per incident).
  const day = Math.floor(ms / DAY_MS);
  if (Number.isInteger(ms)) {
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    const inDay = ms - day * DAY_MS;
    const h = Math.floor(inDay / 3_600_000);
    const m = Math.floor(inDay / 60_000) % 60;
    const s = Math.floor(inDay / 1000) % 60;
    const milli = inDay % 1000;
    return `${cachedDate}${TWO[h]}:${TWO[m]}:${TWO[s]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
  return new Date(ms).toISOString();
}

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let cachedDay = -1;
let cachedDate = '';

/** Epoch seconds (number or numeric string, possibly fractional) as ISO 8601 UTC, or undefined. */
export function epochToIso(value: unknown): string | undefined {
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return msToIso(Math.round(seconds * 1000));
}

const CANARY_TIME =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)? ?(?:UTC|GMT)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?$/;

/**
 * A console time string such as "2020-04-03 12:56:42 UTC+0000" (or with any other offset the
 * console's `tz` setting produced, or ISO 8601) as ISO 8601 UTC; undefined if unreadable, including
 * a date that does not exist (month 13, February 30: Date.parse would roll the latter into March).
 */
export function canaryTimeToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = CANARY_TIME.exec(value.trim());
  if (match === null) return undefined;
  const [, date = '', time, fraction = '', sign, hours = '00', minutes = '00'] = match;
  if (msToIso(Date.parse(`${date}T00:00:00Z`))?.slice(0, 10) !== date) return undefined;
  const offset = sign === undefined ? 'Z' : `${sign}${hours}:${minutes}`;
  return msToIso(Date.parse(`${date}T${time}${fraction}${offset}`));
}

/** True for a value a console sent as a time: anything but absent, null and the empty string. */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}
