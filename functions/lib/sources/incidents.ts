import { createHash } from 'node:crypto';
import { IncidentsSource, type IncidentsState, IncidentsStateSchema } from '../canary/incidents.ts';
import type { Incident } from '../canary/schemas.ts';
import { incidentRecords } from '../output/incident.ts';
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
      fingerprint: createHash('sha256')
        .update(`incidents|from=${from ?? ''}`)
        .digest('hex')
        .slice(0, 16),
      normalise: (items, collectedAt) => incidentRecords(console.name, items, collectedAt),
    };
  },
};
