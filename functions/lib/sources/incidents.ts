import { IncidentsSource, type IncidentsState, IncidentsStateSchema } from '../canary/incidents.ts';
import type { Incident } from '../canary/schemas.ts';
import { incidentRecords } from '../output/incident.ts';
import { fingerprint, startEpochMs } from './start.ts';
import type { SourceDefinition } from './types.ts';

export const incidents: SourceDefinition<IncidentsState, Incident> = {
  name: 'incidents',
  stateSchema: IncidentsStateSchema,
  bind(client, console, config, startOverride) {
    const fromMs = startEpochMs(startOverride ?? console.incidentsFrom);
    const from = fromMs === undefined ? undefined : Math.floor(fromMs / 1000);
    return {
      source: new IncidentsSource(client, {
        pageSize: config.PAGE_SIZE,
        ...(from === undefined ? {} : { startEpochSeconds: from }),
      }),
      initialState: { maxUpdatedId: 0 },
      fingerprint: fingerprint(`incidents|from=${from ?? ''}`),
      normalise: (items, collectedAt) =>
        incidentRecords(console.name, items, collectedAt, { credentials: config.OUTPUT_CREDENTIALS }),
    };
  },
};
