import { snapshotSchedule } from '../canary/snapshot.ts';
import { type TokenItem, TokensReader, type TokensState, TokensStateSchema } from '../canary/tokens.ts';
import { inFormat } from '../output/format.ts';
import { tokenRecords } from '../output/native/token.ts';
import { fingerprint } from './start.ts';
import type { SourceDefinition } from './types.ts';

/** A snapshot source: a reset (with or without --from) just takes a fresh snapshot. */
export const tokens: SourceDefinition<TokensState, TokenItem> = {
  name: 'tokens',
  stateSchema: TokensStateSchema,
  bind({ client, console, config, startOverride, maxRecordBytes }) {
    return {
      reader: new TokensReader(client, {
        ...snapshotSchedule(config.TOKENS_INTERVAL_MINUTES, config.LOCAL_SNAPSHOT_INTERVAL_SECONDS),
        pageSize: config.TOKENS_PAGE_SIZE,
      }),
      initialState: { lastSnapshotAt: null },
      fingerprint: fingerprint(`tokens|reset=${startOverride ?? ''}`),
      normalize: inFormat<TokenItem>(
        (items, collectedAt) => tokenRecords(console.name, items, collectedAt),
        config.OUTPUT_FORMAT,
        maxRecordBytes,
        { parquet: config.DELIVERY_STREAMS !== undefined },
      ),
    };
  },
};
