import type { Incident } from '#lib/canary/schemas.ts';
import { epochToIso, isGiven } from '#lib/canary/time.ts';

/**
 * `time_fallback`: present (and true) only on a record whose own time could not be used, so an
 * object with an odd time is still delivered and its source's checkpoint still moves, and a SIEM
 * can tell "collected at" from "happened at". It applies when the record's `time` had to fall back
 * to the collection time (incidents, audit entries), or when a time the console did send could not
 * be read (not a time, a date that does not exist, outside years 1970–9999): that `normalized` time
 * is then null.
 */
export type TimeFallback = { time_fallback?: true };

export function timeFallback(applies: boolean): TimeFallback {
  return applies ? { time_fallback: true } : {};
}

/** True when `value` was sent as a time but `read` (its reading) is absent. */
export function unreadable(value: unknown, read: string | null | undefined): boolean {
  return isGiven(value) && (read === undefined || read === null);
}

/** An incident version's `time`: `updated_time`, else `created`, else the collection time (flagged). */
export function incidentTime(incident: Incident, collectedAt: string): { time: string } & TimeFallback {
  const updated = epochToIso(incident.updated_time);
  const created = epochToIso(incident.description.created);
  const time = updated ?? created ?? collectedAt;
  const odd =
    (updated === undefined && created === undefined) ||
    unreadable(incident.updated_time, updated) ||
    unreadable(incident.description.created, created);
  return { time, ...timeFallback(odd) };
}
