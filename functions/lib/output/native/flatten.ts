import type { IncidentVersion } from '#lib/canary/eventTracking.ts';
import { epochToIso } from '#lib/canary/time.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { splitEventRecord, splitIncidentRecord } from '../shared/split.ts';
import type { IncidentOutputOptions } from './incident.ts';
import { applyCredentialPolicy, logtypeFields, normalizedIncident } from './incidentView.ts';
import { outputRecord } from './record.ts';
import { incidentEventSemantics, incidentSemantics } from './semantics.ts';
import { incidentTime } from './times.ts';

/**
 * Flattened incidents (like Devo's flattening): per version, one `incident` record without its events,
 * and one `incident_event` record per event not delivered before, each carrying its incident's
 * context. An event's id is its incident's id and its place in the incident's event list, which does
 * not change as events join: re-delivered events keep their ids.
 */
export function flattenedIncidentRecords(
  consoleName: string,
  versions: IncidentVersion[],
  collectedAt: string,
  options: IncidentOutputOptions,
): OutputRecord[] {
  return versions.flatMap(({ incident, newEventsFrom, seen = false, pushed = false }) => {
    const treated = applyCredentialPolicy(incident, options.credentials);
    const events = treated.description.events ?? [];
    const logtype = logtypeFields(incident);
    const normalized = normalizedIncident(incident);
    const when = incidentTime(incident, collectedAt);
    const versionTime = when.time;
    // Extras filled with Object.assign, in the same order: an object literal that starts with a
    // spread, and a rest copy, are V8's slow paths (a microsecond or so a record, per event here).
    const summary = outputRecord({
      console: consoleName,
      source: 'incident',
      key: [incident.id, incident.updated_id],
      time: versionTime,
      collectedAt,
      canary: { ...treated, description: { ...treated.description, events: undefined } },
      extra: Object.assign(
        {},
        incidentSemantics(incident, seen, pushed, Math.max(0, events.length - newEventsFrom)),
        logtype,
        { normalized },
        when.time_fallback === true ? { time_fallback: true } : {},
        { new_events: Math.max(0, events.length - newEventsFrom) },
      ),
    });
    const eventSemantics = incidentEventSemantics(incident, seen, pushed);
    const eventRecords = events.slice(newEventsFrom).map((event, offset) => {
      const index = newEventsFrom + offset;
      const stamp =
        event !== null && typeof event === 'object'
          ? (event as { timestamp?: unknown }).timestamp
          : undefined;
      return outputRecord({
        console: consoleName,
        source: 'incident_event',
        key: [incident.id, index],
        time: epochToIso(stamp) ?? versionTime,
        collectedAt,
        canary: event,
        extra: Object.assign(eventSemantics(index, event), logtype, {
          event_index: index,
          incident_updated_id: incident.updated_id,
          normalized,
        }),
      });
    });
    if (options.partBytes === undefined) return [summary, ...eventRecords];
    const partBytes = options.partBytes;
    return [
      ...splitIncidentRecord(summary, partBytes),
      ...eventRecords.flatMap((record) => splitEventRecord(record, partBytes)),
    ];
  });
}
