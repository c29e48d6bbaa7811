import { createHash } from 'node:crypto';
import type { OutputRecord } from '#lib/core/ports.ts';

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

export interface RecordParts {
  console: string;
  source: string;
  /** The object's natural key, hashed into `event_id` with the console and source. */
  key: Array<string | number>;
  time: string;
  collectedAt: string;
  canary: unknown;
  /** Fields between the common ones and `canary` (the normalized view, snapshot time...). */
  extra?: Record<string, unknown>;
}

/**
 * An output record: the six fields of every record, `sourcetype` (`canary:<source>`, usable as a
 * Splunk sourcetype and as a Firehose dynamic-partitioning key), any extra fields, then the object.
 */
export function outputRecord(parts: RecordParts): OutputRecord {
  return {
    event_id: eventId(parts.console, parts.source, ...parts.key),
    source: parts.source,
    console: parts.console,
    time: parts.time,
    collected_at: parts.collectedAt,
    sourcetype: `canary:${parts.source}`,
    ...parts.extra,
    canary: parts.canary,
  };
}
