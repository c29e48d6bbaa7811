import type { Incident } from '../canary/schemas.ts';
import type { OutputRecord } from '../core/ports.ts';
import { epochToIso, eventId } from './common.ts';
import { splitIncidentRecord } from './split.ts';

/**
 * One `incident` record per incident version. `time` is when this version came to be
 * (`updated_time`), falling back to `created`; epoch fields only, never the `_std` strings.
 */
export function incidentRecords(
  consoleName: string,
  incidents: Incident[],
  collectedAt: string,
): OutputRecord[] {
  return incidents.flatMap((incident) => {
    const record: OutputRecord = {
      event_id: eventId(consoleName, 'incident', incident.id, incident.updated_id),
      source: 'incident',
      console: consoleName,
      time: epochToIso(incident.updated_time) ?? epochToIso(incident.description.created) ?? collectedAt,
      collected_at: collectedAt,
      canary: incident,
    };
    return splitIncidentRecord(record);
  });
}
