import { IncidentsSource, type IncidentsState, IncidentsStateSchema } from '../canary/incidents.ts';
import type { Incident } from '../canary/schemas.ts';
import { incidentRecords } from '../output/incident.ts';
import { fingerprint } from './fingerprint.ts';
import type { SourceDefinition } from './types.ts';

export const incidents: SourceDefinition<IncidentsState, Incident> = {
  name: 'incidents',
  bind(client, console, config) {
    const from =
      console.incidentsFrom === undefined ? undefined : Math.floor(Date.parse(console.incidentsFrom) / 1000);
    return {
      source: new IncidentsSource(client, {
        pageSize: config.PAGE_SIZE,
        ...(from === undefined ? {} : { startEpochSeconds: from }),
      }),
      stateSchema: IncidentsStateSchema,
      initialState: { maxUpdatedId: 0 },
      fingerprint: fingerprint(`incidents|from=${from ?? ''}`),
      normalise: (items, collectedAt) => incidentRecords(console.name, items, collectedAt),
    };
  },
};
