import type { Incident } from '#lib/canary/schemas.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import type { CredentialPolicy } from '../shared/credentials.ts';
import { splitIncidentRecord } from '../shared/split.ts';
import { applyCredentialPolicy, logtypeFields, normalizedIncident } from './incidentView.ts';
import { outputRecord } from './record.ts';
import { incidentSemantics } from './semantics.ts';
import { incidentTime } from './times.ts';

export interface IncidentOutputOptions {
  credentials: CredentialPolicy;
  /** Ids of incidents an earlier version of which was delivered: no alert for them. */
  seen?: ReadonlySet<string>;
  /** Ids of incidents a webhook told first: their alert went out on the pushed record. */
  pushed?: ReadonlySet<string>;
  /** Per incident id, how many of its events were not delivered before (its message says so). */
  newEvents?: ReadonlyMap<string, number>;
  /**
   * Cut records to this native size here (tests and samples); the collector leaves them whole and
   * fits them to its sink after formatting (output/format.ts).
   */
  partBytes?: number;
}

/**
 * One `incident` record per incident version: the logtype's name, family, category and severity, a
 * `normalized` view with proper types, and the incident itself with attackers' credential material
 * treated as configured (see credentials.ts). `time` is when this version came to be (`updated_time`),
 * falling back to `created`, then to the collection time with `time_fallback` (times.ts); epoch
 * fields only, never the `_std` strings.
 */
export function incidentRecords(
  consoleName: string,
  incidents: Incident[],
  collectedAt: string,
  options: IncidentOutputOptions = { credentials: { mode: 'mask' } },
): OutputRecord[] {
  return incidents.flatMap((incident) => {
    const when = incidentTime(incident, collectedAt);
    // Filled with Object.assign, in the same order: a rest copy (`{ time, ...fallback }`) and an
    // object literal that starts with a spread are V8's slow paths, a microsecond or so a record.
    const extra: Record<string, unknown> = when.time_fallback === true ? { time_fallback: true } : {};
    Object.assign(
      extra,
      incidentSemantics(
        incident,
        options.seen?.has(incident.id) === true,
        options.pushed?.has(incident.id) === true,
        options.newEvents?.get(incident.id),
      ),
      logtypeFields(incident),
    );
    extra.normalized = normalizedIncident(incident);
    return cutTo(
      outputRecord({
        console: consoleName,
        source: 'incident',
        key: [incident.id, incident.updated_id],
        time: when.time,
        collectedAt,
        canary: applyCredentialPolicy(incident, options.credentials),
        extra,
      }),
      options.partBytes,
    );
  });
}

/** A record cut to `partBytes` when given, else whole. */
function cutTo(record: OutputRecord, partBytes: number | undefined): OutputRecord[] {
  return partBytes === undefined ? [record] : splitIncidentRecord(record, partBytes);
}
