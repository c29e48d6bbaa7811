import { type BirdItem, BirdsReader, type BirdsState, BirdsStateSchema } from '../canary/birds.ts';
import { snapshotSchedule } from '../canary/snapshot.ts';
import { inFormat } from '../output/format.ts';
import { birdRecords } from '../output/native/bird.ts';
import { fingerprint } from './start.ts';
import type { SourceDefinition } from './types.ts';

/** A snapshot source: a reset (with or without --from) just takes a fresh snapshot and baseline. */
export const birds: SourceDefinition<BirdsState, BirdItem> = {
  name: 'birds',
  stateSchema: BirdsStateSchema,
  bind({ client, console, config, startOverride, maxRecordBytes }) {
    return {
      reader: new BirdsReader(
        client,
        snapshotSchedule(config.BIRDS_INTERVAL_MINUTES, config.LOCAL_SNAPSHOT_INTERVAL_SECONDS),
      ),
      initialState: { lastSnapshotAt: null, digest: null },
      fingerprint: fingerprint(`birds|reset=${startOverride ?? ''}`),
      normalize: inFormat<BirdItem>(
        (items, collectedAt) => birdRecords(console.name, items, collectedAt),
        config.OUTPUT_FORMAT,
        maxRecordBytes,
        { parquet: config.DELIVERY_STREAMS !== undefined },
      ),
    };
  },
};
