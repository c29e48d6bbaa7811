import { type BirdItem, BirdsSource, type BirdsState, BirdsStateSchema } from '../canary/birds.ts';
import { birdRecords } from '../output/bird.ts';
import { fingerprint } from './fingerprint.ts';
import type { SourceDefinition } from './types.ts';

export const birds: SourceDefinition<BirdsState, BirdItem> = {
  name: 'birds',
  bind(client, console, config) {
    return {
      source: new BirdsSource(client, { intervalMs: config.BIRDS_INTERVAL_MINUTES * 60_000 }),
      stateSchema: BirdsStateSchema,
      initialState: { lastSnapshotAt: null, digest: null },
      fingerprint: fingerprint('birds'),
      normalise: (items, collectedAt) => birdRecords(console.name, items, collectedAt),
    };
  },
};
