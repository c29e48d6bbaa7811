import type * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import type { CanaryClient, QueryValue } from './client.ts';

export interface CursorPage {
  cursor?: { next?: string | null | undefined } | null | undefined;
}

/**
 * Follows `cursor.next` from a first request until the console says there is no next page.
 * Follow-up requests send only the cursor (plus `followQuery`): the API does not combine
 * `limit` or filters with a cursor. Cursors are never persisted; their lifetime is undocumented.
 * A cursor the walk has already followed means the console is looping: without this check a run
 * would re-read the same pages until its deadline, every run.
 */
export async function* walkCursor<P extends CursorPage>(
  client: CanaryClient,
  path: string,
  firstQuery: Record<string, QueryValue>,
  followQuery: Record<string, QueryValue>,
  schema: z.ZodType<P>,
): AsyncGenerator<{ page: P; requests: number; last: boolean }> {
  let query = firstQuery;
  const followed = new Set<string>();
  for (;;) {
    const before = client.requestCount;
    const page = await client.get(path, query, schema);
    const next = page.cursor?.next ?? null;
    yield { page, requests: client.requestCount - before, last: next === null || next === '' };
    if (next === null || next === '') return;
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
