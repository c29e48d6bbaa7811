import type { AuditStore } from './audit.ts';
import type { IncidentStore } from './incidents.ts';
import type { TokenStore } from './tokens.ts';

/**
 * The list endpoints of the simulated console, as pure functions of the stores and the request URL:
 * shapes as the API documents them, cursors that carry where to go on, and `next_link`s that embed
 * the token as the real console's do.
 */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  /** The page size the request asked for (reply variants need it to keep a last page recognisable). */
  limit?: number;
}

export interface FeedContext {
  /** The console's base URL and token, for the `next_link`s. */
  url: string;
  authToken: string;
}

const error = (status: number, message: string): Reply => ({ status, body: { message, result: 'error' } });

export function incidentsFeed(store: IncidentStore, url: URL, ctx: FeedContext): Reply {
  const cursor = url.searchParams.get('cursor');
  let since: number;
  let bound: number;
  let limit: number;
  if (cursor !== null) {
    const decoded = decodeCursor(cursor);
    if (decoded === undefined) return error(400, 'Invalid cursor');
    ({ since, bound, limit } = decoded);
  } else {
    since = Number(url.searchParams.get('incidents_since') ?? 0);
    bound = store.maxUpdatedId;
    limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(since) || !Number.isInteger(limit) || limit < 1)
      return error(400, 'Invalid parameters');
  }
  const page = store.page(since, bound, limit);
  const next = page.next === null ? null : encodeCursor({ since: page.next, bound, limit });
  const ids = page.incidents.map((incident) => (incident as { updated_id: number }).updated_id);
  return {
    status: 200,
    limit,
    body: {
      cursor: { next, next_link: link(ctx, '/incidents/all', next), prev: null, prev_link: null },
      feed: 'All Incidents',
      incidents: page.incidents,
      ...(ids.length > 0 ? { max_updated_id: Math.max(...ids) } : {}),
      result: 'success',
      ...updated(),
    },
  };
}

export function auditFeed(audit: AuditStore, url: URL): Reply {
  const q = url.searchParams;
  const cursor = q.get('cursor');
  if (cursor !== null && (q.has('limit') || q.has('after_id')))
    return error(400, 'limit and after_id cannot be used with a cursor');
  const afterId = q.get('after_id');
  if (afterId !== null && audit.afterIdMode !== 'ignored') {
    const limit = Number(q.get('limit') ?? 100);
    const low = Number(afterId);
    const entries =
      audit.afterIdMode === 'ascending'
        ? audit.oldestFirst(low, limit)
        : audit.newestFirst(audit.count, low, limit);
    return {
      status: 200,
      limit,
      body: {
        audit_trail: entries,
        cursor: { next: null, prev: null },
        page_count: 1,
        page_number: 1,
        result: 'success',
      },
    };
  }
  const decoded = cursor === null ? undefined : decodeCursor(cursor);
  if (cursor !== null && decoded === undefined) return error(400, 'Invalid cursor');
  const high = decoded?.since ?? audit.count;
  const limit = decoded?.limit ?? Number(q.get('limit') ?? 100);
  const pageNumber = decoded?.bound ?? 1;
  const entries = audit.newestFirst(high, 0, limit);
  const lowest = (entries.at(-1)?.id as number | undefined) ?? 0;
  const more = entries.length === limit && lowest - 1 > audit.purgedUpTo;
  return {
    status: 200,
    limit,
    body: {
      audit_trail: entries,
      cursor: {
        next: more ? encodeCursor({ since: lowest - 1, bound: pageNumber + 1, limit }) : null,
        prev: null,
      },
      page_count: Math.max(1, Math.ceil((audit.count - audit.purgedUpTo) / limit)),
      page_number: pageNumber,
      result: 'success',
    },
  };
}

export function tokensFeed(tokens: TokenStore, url: URL, ctx: FeedContext): Reply {
  const cursor = url.searchParams.get('cursor');
  const decoded = cursor === null ? undefined : decodeCursor(cursor);
  if (cursor !== null && decoded === undefined) return error(400, 'Invalid cursor');
  const all = tokens.list();
  const offset = decoded?.since ?? 0;
  const limit = decoded?.limit ?? Number(url.searchParams.get('limit') ?? 10);
  const next = offset + limit < all.length ? encodeCursor({ since: offset + limit, bound: 0, limit }) : null;
  return {
    status: 200,
    limit,
    body: {
      canarytokens: all.slice(offset, offset + limit),
      cursor: { next, next_link: link(ctx, '/canarytokens/paginate', next), prev: null, prev_link: null },
      page_num: Math.floor(offset / limit) + 1,
      page_total: Math.max(1, Math.ceil(all.length / limit)),
      result: 'success',
    },
  };
}

export function updated(): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    updated: new Date(now * 1000).toUTCString(),
    updated_std: `${new Date(now * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC+0000`,
    updated_timestamp: now,
  };
}

function link(ctx: FeedContext, path: string, next: string | null): string | null {
  return next === null ? null : `${ctx.url}/api/v1${path}?auth_token=${ctx.authToken}&cursor=${next}`;
}

function encodeCursor(c: { since: number; bound: number; limit: number }): string {
  return Buffer.from(`${c.since}:${c.bound}:${c.limit}:2`).toString('base64');
}

function decodeCursor(cursor: string): { since: number; bound: number; limit: number } | undefined {
  const parts = Buffer.from(cursor, 'base64').toString('utf8').split(':').map(Number);
  const [since, bound, limit] = parts;
  if (
    parts.length !== 4 ||
    since === undefined ||
    bound === undefined ||
    limit === undefined ||
    parts.some((n) => !Number.isInteger(n))
  ) {
    return undefined;
  }
  return { since, bound, limit };
}

const LISTS = ['incidents', 'audit_trail', 'devices', 'canarytokens'];
const OPTIONAL = [
  'summary',
  'hash_id',
  'user_browser_agent',
  'additional_information',
  'uptime',
  'created_printable',
];

/**
 * A newer (or older) console's reply: every listed object gains a field, loses optional ones, and
 * sends its numbers as strings. The collector must deliver all of it unchanged.
 */
export function drift(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  for (const key of LISTS) {
    const list = out[key];
    if (!Array.isArray(list)) continue;
    out[key] = list.map((item: Record<string, unknown>) => {
      const changed: Record<string, unknown> = { ...item, x_added_by_newer_console: { nested: true } };
      for (const field of OPTIONAL) delete changed[field];
      for (const field of ['id', 'updated_id'])
        if (typeof changed[field] === 'number') changed[field] = String(changed[field]);
      return changed;
    });
  }
  return out;
}
