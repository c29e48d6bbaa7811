import { afterEach, describe, expect, it } from 'vitest';
import type { AfterIdMode } from '#fakes/simulator/audit.ts';
import { AuditReader, type AuditState } from '#lib/canary/audit.ts';
import type { AuditEntry } from '#lib/canary/schemas.ts';
import type { ReaderPage } from '#lib/core/ports.ts';
import { scriptedClient, simulatorClient } from '#support/clients.ts';
import { json } from '#support/httpServer.ts';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function setup(
  entries: number,
  mode: AfterIdMode,
  options: { pageSize?: number; walkBuffer?: number; fromEpochMs?: number } = {},
) {
  const {
    simulator,
    client,
    stop: close,
  } = await simulatorClient({ auditEntries: entries, afterIdMode: mode, seed: 4 });
  stop = close;
  const source = new AuditReader(client, { pageSize: options.pageSize ?? 10, ...options });
  return { simulator, source };
}

/** Runs the source like the core does, committing each page's state; returns the ids delivered and the state. */
async function drain(source: AuditReader, state: AuditState) {
  const pages: Array<ReaderPage<AuditState, AuditEntry>> = [];
  for await (const page of source.pages(state)) pages.push(page);
  return { ids: pages.flatMap((p) => p.items.map((e) => e.id)), pages, state: pages.at(-1)?.state ?? state };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('AuditReader', () => {
  it.each<AfterIdMode>(['ascending', 'descending', 'ignored'])(
    'delivers every entry once, ascending, when after_id is %s',
    async (mode) => {
      const { simulator, source } = await setup(45, mode);
      const first = await drain(source, { lastAuditId: 0 });
      expect(first.ids).toEqual(range(1, 45));
      expect(first.pages.every((p) => p.state.lastAuditId >= Math.max(0, ...p.items.map((e) => e.id)))).toBe(
        true,
      );
      simulator.audit.add(12);
      const second = await drain(source, first.state);
      expect(second.ids).toEqual(range(46, 57));
      const third = await drain(source, second.state);
      expect(third.ids).toEqual([]);
    },
  );

  it('uses one request when nothing is new and after_id works', async () => {
    const { simulator, source } = await setup(20, 'ascending');
    const { state } = await drain(source, { lastAuditId: 0 });
    const before = simulator.requests.length;
    const idle = await drain(source, state);
    expect(idle.ids).toEqual([]);
    expect(simulator.requests.length - before).toBe(1);
  });

  it('remembers that a console ignores after_id, and walks from then on', async () => {
    const { simulator, source } = await setup(15, 'ignored');
    // on a first run (after_id=0) an ignored after_id looks like a newest-first answer: no verdict yet
    const first = await drain(source, { lastAuditId: 0 });
    simulator.audit.add(1);
    const second = await drain(source, first.state);
    expect(second.ids).toEqual([16]);
    expect(second.state).toEqual({ lastAuditId: 16, afterId: false });
    simulator.audit.add(1);
    const before = simulator.requests.length;
    expect((await drain(source, second.state)).ids).toEqual([17]);
    expect(simulator.requests.slice(before).every((r) => !r.url.includes('after_id'))).toBe(true);
  });

  it('keeps memory bounded on a large backlog: at most walkBuffer entries held, delivered in ascending chunks', async () => {
    const { source } = await setup(230, 'ignored', { pageSize: 20, walkBuffer: 50 });
    const { ids, pages } = await drain(source, { lastAuditId: 0 });
    expect(ids).toEqual(range(1, 230));
    expect(Math.max(...pages.map((p) => p.items.length))).toBeLessThanOrEqual(20);
    // each page's checkpoint is the top of what has been delivered so far: no gap if a run stops here
    let delivered = 0;
    for (const page of pages) {
      delivered = Math.max(delivered, ...page.items.map((e) => e.id));
      expect(page.state.lastAuditId).toBe(delivered);
    }
  });

  it('falls back to the walk when after_id answers a full page newest first (a gap below it)', async () => {
    const { simulator, source } = await setup(35, 'descending');
    const { ids } = await drain(source, { lastAuditId: 3 });
    expect(ids).toEqual(range(4, 35));
    expect(simulator.requests.some((r) => r.url.includes('after_id=3'))).toBe(true);
  });

  it('falls back to the walk when the console refuses after_id', async () => {
    const { client, stop: close } = await scriptedClient([
      json(400, { result: 'error', message: 'Unknown parameter after_id' }),
      json(200, {
        result: 'success',
        audit_trail: [{ id: 9 }, { id: 8 }, { id: 7 }],
        cursor: { next: null },
      }),
    ]);
    stop = close;
    const { ids, state } = await drain(new AuditReader(client, { pageSize: 10 }), { lastAuditId: 7 });
    expect(ids).toEqual([8, 9]);
    expect(state).toEqual({ lastAuditId: 9, afterId: false });
  });

  it('does not trust a short newest-first page that does not reach the checkpoint (a console capping limit)', async () => {
    const entries = (ids: number[]) => ids.map((id) => ({ id }));
    const {
      server,
      client,
      stop: close,
    } = await scriptedClient([
      json(200, { result: 'success', audit_trail: entries([9, 8, 7]), cursor: { next: null } }),
      json(200, {
        result: 'success',
        audit_trail: entries([9, 8, 7, 6, 5, 4, 3, 2]),
        cursor: { next: null },
      }),
    ]);
    stop = close;
    const { ids, state } = await drain(new AuditReader(client, { pageSize: 10 }), { lastAuditId: 3 });
    expect(ids).toEqual([4, 5, 6, 7, 8, 9]);
    expect(state.lastAuditId).toBe(9);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/audit_trail/fetch?after_id=3&limit=10',
      '/api/v1/audit_trail/fetch?limit=10',
    ]);
  });

  it('skips entries before the start date but moves past them', async () => {
    // entry n is stamped 2026-01-01T00:00:00Z + n minutes
    const { source } = await setup(30, 'ascending', { fromEpochMs: Date.parse('2026-01-01T00:20:00Z') });
    const { ids, pages, state } = await drain(source, { lastAuditId: 0 });
    expect(ids).toEqual(range(20, 30));
    expect(pages.reduce((n, p) => n + p.filtered, 0)).toBe(19);
    expect(state.lastAuditId).toBe(30);
  });

  it('survives ids purged below the checkpoint', async () => {
    const { simulator, source } = await setup(40, 'ignored');
    simulator.audit.purge(30);
    expect((await drain(source, { lastAuditId: 25 })).ids).toEqual(range(31, 40));
  });

  it('fails the walk with CANARY_PAGING_INCOMPLETE when a page announces more pages but has no cursor', async () => {
    const { client, stop: close } = await scriptedClient([
      json(400, { result: 'error', message: 'Unknown parameter after_id' }),
      json(200, { result: 'success', audit_trail: [{ id: 9 }, { id: 8 }], page_number: 1, page_count: 3 }),
    ]);
    stop = close;
    const error = await drain(new AuditReader(client, { pageSize: 2 }), { lastAuditId: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'CANARY_PAGING_INCOMPLETE' });
    expect((error as Error).message).toContain('page 1 of 3 came without a cursor');
  });
});
