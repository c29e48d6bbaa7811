import {
  EventTrackingReader,
  type IncidentVersion,
  type TrackedIncidentsState,
  TrackedIncidentsStateSchema,
} from '../canary/eventTracking.ts';
import { IncidentsReader } from '../canary/incidents.ts';
import { inFormat } from '../output/format.ts';
import { flattenedIncidentRecords } from '../output/native/flatten.ts';
import { incidentRecords } from '../output/native/incident.ts';
import { PushCorrelatingReader } from './pushCorrelation.ts';
import { fingerprint, startEpochMs } from './start.ts';
import type { SourceDefinition } from './types.ts';

export const incidents: SourceDefinition<TrackedIncidentsState, IncidentVersion> = {
  name: 'incidents',
  stateSchema: TrackedIncidentsStateSchema,
  bind({ client, console, config, startOverride, credentialHashKey, maxRecordBytes, claims }) {
    const fromMs = startEpochMs(startOverride ?? console.incidentsFrom);
    const from = fromMs === undefined ? undefined : Math.floor(fromMs / 1000);
    const options = { credentials: { mode: config.OUTPUT_CREDENTIALS, hashKey: credentialHashKey } };
    const reader = new IncidentsReader(client, {
      pageSize: config.PAGE_SIZE,
      ...(from === undefined ? {} : { startEpochSeconds: from }),
    });
    return {
      // Which incidents and events went out before: alert semantics and flattening need both; with
      // push on, which incidents a webhook told first.
      reader:
        claims === undefined
          ? new EventTrackingReader(reader, true)
          : new PushCorrelatingReader(new EventTrackingReader(reader, true), claims, console.name),
      initialState: { maxUpdatedId: 0 },
      fingerprint: fingerprint(`incidents|from=${from ?? ''}`),
      normalize: inFormat<IncidentVersion>(
        config.OUTPUT_FLATTEN
          ? (items, collectedAt) => flattenedIncidentRecords(console.name, items, collectedAt, options)
          : (items, collectedAt) =>
              incidentRecords(
                console.name,
                items.map((item) => item.incident),
                collectedAt,
                {
                  ...options,
                  seen: new Set(items.filter((i) => i.seen).map((i) => i.incident.id)),
                  pushed: new Set(items.filter((i) => i.pushed).map((i) => i.incident.id)),
                  newEvents: new Map(
                    items.map((i) => [
                      i.incident.id,
                      Math.max(0, (i.incident.description.events?.length ?? 0) - i.newEventsFrom),
                    ]),
                  ),
                },
              ),
        config.OUTPUT_FORMAT,
        maxRecordBytes,
        { parquet: config.DELIVERY_STREAMS !== undefined },
      ),
    };
  },
};
