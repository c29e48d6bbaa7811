import * as z from 'zod';
import type { CanaryReader, ReaderPage } from '../core/ports.ts';
import type { CanaryClient } from './client.ts';
import { pagingIncomplete, walkCursor } from './paginate.ts';
import { type Token, TokensPageSchema } from './schemas.ts';
import { type SnapshotSchedule, snapshotDue, snapshotStamp } from './snapshot.ts';

export const TokensStateSchema = z.object({
  lastSnapshotAt: z.number().nullable(),
  /** A snapshot under way: its stamp and the pages already delivered, so a crash re-sends one page. */
  current: z.object({ at: z.number(), pagesDone: z.number().int().nonnegative() }).optional(),
});
export type TokensState = z.infer<typeof TokensStateSchema>;

export interface TokenItem {
  snapshotAt: number;
  token: Token;
}

/**
 * Canarytokens: a snapshot of `/canarytokens/paginate` at most once per interval, one item per token.
 * Each page is committed; a run that follows a crash resumes the same snapshot (same stamp, so the
 * same event ids) and skips the pages already delivered.
 */
export class TokensReader implements CanaryReader<TokensState, TokenItem> {
  readonly name = 'tokens' as const;
  private readonly client: CanaryClient;
  private readonly options: SnapshotSchedule & { pageSize: number; now: () => number };

  constructor(client: CanaryClient, options: SnapshotSchedule & { pageSize: number; now?: () => number }) {
    this.client = client;
    this.options = { now: Date.now, ...options };
  }

  async *pages(state: TokensState): AsyncGenerator<ReaderPage<TokensState, TokenItem>> {
    const resuming = state.current;
    const at = resuming?.at ?? snapshotStamp(this.options.now(), this.options);
    if (resuming === undefined && !snapshotDue(state.lastSnapshotAt, at, this.options)) {
      yield { items: [], state, requests: 0, received: 0, duplicates: 0, filtered: 0, last: true };
      return;
    }
    const skip = resuming?.pagesDone ?? 0;
    let index = 0;
    const walk = walkCursor(
      this.client,
      '/canarytokens/paginate',
      'canarytokens',
      { limit: this.options.pageSize },
      {},
      TokensPageSchema,
    );
    for await (const { page, requests, last, end } of walk) {
      // A snapshot cut short would look complete: a page that does not say how to go on stops it.
      if (end === 'open') throw pagingIncomplete('/canarytokens/paginate', page, index + 1);
      const tokens = page.canarytokens;
      const done = index < skip;
      index++;
      const next: TokensState = last
        ? { lastSnapshotAt: at }
        : { lastSnapshotAt: state.lastSnapshotAt, current: { at, pagesDone: index } };
      yield {
        items: done ? [] : tokens.map((token) => ({ snapshotAt: at, token })),
        state: done && !last ? state : next,
        requests,
        received: tokens.length,
        duplicates: done ? tokens.length : 0,
        filtered: 0,
        last,
      };
    }
  }
}
