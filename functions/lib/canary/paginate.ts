import type * as z from 'zod';
import type { CanaryClient, QueryValue } from './client.ts';

export interface CursorPage {
  cursor?: { next?: string | null | undefined } | null | undefined;
}

/**
 * Follows `cursor.next` from a first request until the console says there is no next page.
 * Follow-up requests send only the cursor (plus `followQuery`): the API does not combine
 * `limit` or filters with a cursor. Cursors are never persisted; their lifetime is undocumented.
 */
export async function* walkCursor<P extends CursorPage>(
  client: CanaryClient,
  path: string,
  firstQuery: Record<string, QueryValue>,
  followQuery: Record<string, QueryValue>,
  schema: z.ZodType<P>,
): AsyncGenerator<{ page: P; requests: number; last: boolean }> {
  let query = firstQuery;
  for (;;) {
    const before = client.requestCount;
    const page = await client.get(path, query, schema);
    const next = page.cursor?.next ?? null;
    yield { page, requests: client.requestCount - before, last: next === null || next === '' };
    if (next === null || next === '') return;
    query = { ...followQuery, cursor: next };
  }
}
