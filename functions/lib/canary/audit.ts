import * as z from 'zod';
import { isCollectorError } from '../core/errors.ts';
import type { CanaryReader, ReaderPage } from '../core/ports.ts';
import type { CanaryClient } from './client.ts';
import { pagingIncomplete, walkCursor } from './paginate.ts';
import { type AuditEntry, AuditPageSchema } from './schemas.ts';
import { canaryTimeToIso } from './time.ts';

export const AuditStateSchema = z.object({
  lastAuditId: z.number().int().nonnegative(),
  /** false once the console showed it ignores or refuses `after_id` (older consoles). */
  afterId: z.boolean().optional(),
});
export type AuditState = z.infer<typeof AuditStateSchema>;

export interface AuditOptions {
  pageSize: number;
  /** Entries older than this (epoch ms) are not delivered. */
  fromEpochMs?: number;
  /** The most entries one newest→oldest walk holds before delivering; bounds memory. */
  walkBuffer?: number;
}

type Page = ReaderPage<AuditState, AuditEntry>;

/**
 * The audit trail, every entry once, in ascending `id` order, with no gap.
 *
 * 1. `after_id=<checkpoint>&limit=N`: when the console honours it oldest first, each page is exactly
 *    the next entries: deliver, commit, repeat until a page comes back empty (this also copes with a
 *    console that caps `limit`). A page that comes newest first is accepted only when it reaches down
 *    to the entry right after the checkpoint; otherwise it may be the top of a longer run.
 * 2. Otherwise (the console ignores `after_id`, refuses it, or answers newest first with a possible
 *    gap below the page) walk the cursor pages newest→oldest until an id at or below the
 *    checkpoint. The walk keeps only the *oldest* `walkBuffer` entries it has seen; those are
 *    contiguous from the checkpoint up, so they are delivered ascending, in chunks, each chunk
 *    committed. If the buffer overflowed, another walk continues from the new checkpoint: memory stays
 *    bounded whatever the backlog, at the price of re-reading the newer pages once per buffer.
 */
export class AuditReader implements CanaryReader<AuditState, AuditEntry> {
  readonly name = 'audit-trail' as const;
  private readonly client: CanaryClient;
  private readonly options: Required<Omit<AuditOptions, 'fromEpochMs'>> & { fromEpochMs?: number };

  constructor(client: CanaryClient, options: AuditOptions) {
    this.client = client;
    this.options = { walkBuffer: 10_000, ...options };
  }

  async *pages(state: AuditState): AsyncGenerator<Page> {
    let current = state;
    let unspentRequests = 0;
    if (state.afterId !== false) {
      for (;;) {
        const before = this.client.requestCount;
        const entries = await this.afterId(current.lastAuditId);
        unspentRequests += this.client.requestCount - before;
        if (entries === 'unsupported') {
          current = { ...current, afterId: false };
          break;
        }
        if (entries === 'gap') break;
        const done = entries.length === 0;
        const base = { lastAuditId: current.lastAuditId, afterId: true };
        const page = this.page(entries, current.lastAuditId, base, unspentRequests, done);
        unspentRequests = 0;
        current = page.state;
        yield page;
        if (done) return;
      }
    }
    yield* this.walks(current, unspentRequests);
  }

  /** One after_id request; 'unsupported' if the console ignores or refuses it, 'gap' if it may skip entries. */
  private async afterId(last: number): Promise<AuditEntry[] | 'unsupported' | 'gap'> {
    let entries: AuditEntry[];
    try {
      entries = (
        await this.client.get(
          '/audit_trail/fetch',
          { after_id: last, limit: this.options.pageSize },
          AuditPageSchema,
        )
      ).audit_trail;
    } catch (error) {
      if (isCollectorError(error, 'CANARY_API_ERROR') && /after_id/i.test(error.message))
        return 'unsupported';
      throw error;
    }
    if (entries.some((entry) => entry.id <= last)) return 'unsupported';
    const newestFirst = entries.length > 1 && (entries[0]?.id ?? 0) > (entries.at(-1)?.id ?? 0);
    // Oldest first, the page is the next entries whatever its size. Newest first, it may be the top
    // of a longer run (a full page, or a console that caps `limit`): accept it only if it reaches
    // down to the entry right after the checkpoint.
    if (newestFirst && Math.min(...entries.map((entry) => entry.id)) !== last + 1) return 'gap';
    return entries;
  }

  private async *walks(state: AuditState, requestsSoFar: number): AsyncGenerator<Page> {
    let current = state;
    let requests = requestsSoFar;
    for (;;) {
      const buffer = new Map<number, AuditEntry>();
      let overflow = false;
      const walk = walkCursor(
        this.client,
        '/audit_trail/fetch',
        'audit_trail',
        { limit: this.options.pageSize },
        {},
        AuditPageSchema,
      );
      let pages = 0;
      for await (const { page, requests: spent, end } of walk) {
        requests += spent;
        pages++;
        let boundary = false;
        for (const entry of page.audit_trail) {
          // Ids and times rise together: at the checkpoint, or before the start, older pages hold nothing new.
          if (entry.id <= current.lastAuditId || !this.inScope(entry)) boundary = true;
          else buffer.set(entry.id, entry);
        }
        overflow = trimNewest(buffer, this.options.walkBuffer) || overflow;
        if (boundary) break;
        // The walk ended before the checkpoint without the console saying it was the end: older
        // entries may be unread, and delivering these would leave a gap below them, unless the
        // oldest entry read is the one right after the checkpoint.
        const reached = buffer.has(current.lastAuditId + 1);
        if (end === 'open' && !reached) throw pagingIncomplete('/audit_trail/fetch', page, pages);
      }
      const ascending = [...buffer.values()].sort((a, b) => a.id - b.id);
      if (ascending.length === 0) {
        yield this.page([], current.lastAuditId, current, requests, true);
        return;
      }
      for (let at = 0; at < ascending.length; at += this.options.pageSize) {
        const chunk = ascending.slice(at, at + this.options.pageSize);
        const lastChunk = at + this.options.pageSize >= ascending.length;
        const page = this.page(chunk, current.lastAuditId, current, requests, lastChunk && !overflow);
        requests = 0;
        current = page.state;
        yield page;
      }
      if (!overflow) return;
    }
  }

  /** A page of entries above `last`, ascending, with the state that delivering them reaches. */
  private page(
    entries: AuditEntry[],
    last: number,
    base: AuditState,
    requests: number,
    isLast: boolean,
  ): Page {
    const fresh = entries.filter((entry) => entry.id > last).sort((a, b) => a.id - b.id);
    const items = fresh.filter((entry) => this.inScope(entry));
    const top = fresh.at(-1)?.id ?? last;
    return {
      items,
      state: { ...base, lastAuditId: Math.max(last, top) },
      requests,
      received: entries.length,
      duplicates: entries.length - fresh.length,
      filtered: fresh.length - items.length,
      last: isLast,
    };
  }

  private inScope(entry: AuditEntry): boolean {
    if (this.options.fromEpochMs === undefined) return true;
    const iso = canaryTimeToIso(entry.timestamp);
    // An entry whose time cannot be read is delivered: dropping it could lose an event.
    return iso === undefined || Date.parse(iso) >= this.options.fromEpochMs;
  }
}

/** Keeps the `limit` lowest ids; returns true if anything was dropped. */
function trimNewest(buffer: Map<number, AuditEntry>, limit: number): boolean {
  if (buffer.size <= limit) return false;
  const ids = [...buffer.keys()].sort((a, b) => a - b);
  for (const id of ids.slice(limit)) buffer.delete(id);
  return true;
}
