import type * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import type { CanaryClient, QueryValue } from './client.ts';
import type { FeedPage, PageMeta } from './schemas.ts';

/**
 * How a page ended the walk, or did not:
 * - `cursor`: the console gave no next cursor in a `cursor` object (`next` null, "" or absent): the end;
 * - `counters`: no cursor at all, and the page counters say this was the last page;
 * - `short`: no cursor and no counters, and the page held fewer items than asked for: the end;
 * - `open`: no cursor, and either a full page or counters announcing more pages. Nothing says how to
 *   go on, so the walk cannot tell the end from a console that stopped paging. The caller decides: a
 *   source that can continue another way does (incidents: `incidents_since`), the others fail with
 *   CANARY_PAGING_INCOMPLETE rather than stop silently.
 */
export type WalkEnd = 'cursor' | 'counters' | 'short' | 'open';

export interface WalkStep<P> {
  page: P;
  requests: number;
  last: boolean;
  /** Why the walk ends here; only on the last page. */
  end?: WalkEnd;
}

/**
 * Follows `cursor.next` from a first request until the console says there is no next page.
 * Follow-up requests send only the cursor (plus `followQuery`): the API does not combine
 * `limit` or filters with a cursor. Cursors are never persisted; their lifetime is undocumented.
 * A cursor the walk has already followed means the console is looping: without this check a run
 * would re-read the same pages until its deadline, every run.
 */
export async function* walkCursor<K extends string, T>(
  client: CanaryClient,
  path: string,
  list: K,
  firstQuery: Record<string, QueryValue> & { limit: number },
  followQuery: Record<string, QueryValue>,
  schema: z.ZodType<FeedPage<K, T>>,
): AsyncGenerator<WalkStep<FeedPage<K, T>>> {
  let query: Record<string, QueryValue> = firstQuery;
  const followed = new Set<string>();
  for (;;) {
    const before = client.requestCount;
    const page = await client.get(path, query, schema);
    const next = page.cursor?.next ?? null;
    const requests = client.requestCount - before;
    if (next === null || next === '') {
      yield { page, requests, last: true, end: walkEnd(page, page[list].length, firstQuery.limit) };
      return;
    }
    yield { page, requests, last: false };
    if (followed.has(next)) {
      throw new CollectorError(
        'CANARY_CURSOR_LOOP',
        `${path}: the console returned a cursor it had already returned, after ${followed.size + 1} pages`,
      );
    }
    followed.add(next);
    query = { ...followQuery, cursor: next };
  }
}

function walkEnd(page: PageMeta, items: number, limit: number): WalkEnd {
  if (page.cursor !== undefined && page.cursor !== null) return 'cursor';
  const number = page.page_number ?? page.page_num;
  const total = page.page_count ?? page.page_total ?? page.total_pages;
  if (number !== undefined && total !== undefined) return number >= total ? 'counters' : 'open';
  return items < limit ? 'short' : 'open';
}

/** The error for a walk that ended `open` on a source that has no other way to go on. */
export function pagingIncomplete(path: string, page: PageMeta, pages: number): CollectorError {
  const number = page.page_number ?? page.page_num;
  const total = page.page_count ?? page.page_total ?? page.total_pages;
  const where =
    number !== undefined && total !== undefined
      ? `page ${number} of ${total} came without a cursor`
      : 'a full page came without a cursor';
  return new CollectorError(
    'CANARY_PAGING_INCOMPLETE',
    `${path}: ${where} after ${pages} page${pages === 1 ? '' : 's'}; the collector cannot tell where to go on`,
  );
}
