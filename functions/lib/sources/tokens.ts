import { type TokenItem, TokensSource, type TokensState, TokensStateSchema } from '../canary/tokens.ts';
import { tokenRecords } from '../output/token.ts';
import { fingerprint } from './fingerprint.ts';
import type { SourceDefinition } from './types.ts';

export const tokens: SourceDefinition<TokensState, TokenItem> = {
  name: 'tokens',
  bind(client, console, config) {
    return {
      source: new TokensSource(client, {
        intervalMs: config.TOKENS_INTERVAL_MINUTES * 60_000,
        pageSize: config.TOKENS_PAGE_SIZE,
      }),
      stateSchema: TokensStateSchema,
      initialState: { lastSnapshotAt: null },
      fingerprint: fingerprint('tokens'),
      normalise: (items, collectedAt) => tokenRecords(console.name, items, collectedAt),
    };
  },
};
