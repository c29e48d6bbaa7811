import { afterEach, describe, expect, it } from 'vitest';
import { IncidentsReader, type IncidentsState } from '#lib/canary/incidents.ts';
import type { Incident } from '#lib/canary/schemas.ts';
import type { ReaderPage } from '#lib/core/ports.ts';
import { scriptedClient, simulatorClient } from '#support/clients.ts';
import { json, type Responder } from '#support/httpServer.ts';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function simulated(incidents: number, pageSize: number, startEpochSeconds?: number) {
  const { simulator, client, stop: close } = await simulatorClient({ incidents, seed: 3 });
  stop = close;
  return {
    simulator,
    source: new IncidentsReader(client, {
      pageSize,
      ...(startEpochSeconds === undefined ? {} : { startEpochSeconds }),
    }),
  };
}

async function drain(source: IncidentsReader, state: IncidentsState) {
  const pages: Array<ReaderPage<IncidentsState, Incident>> = [];
  for await (const page of source.pages(state)) pages.push(page);
  return pages;
}

describe('IncidentsReader (simulator over HTTP)', () => {
  it('walks incidents_since + cursor pages and advances the state page by page', async () => {
    const { simulator, source } = await simulated(250, 100);
    const pages = await drain(source, { maxUpdatedId: 0 });
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.state.maxUpdatedId)).toEqual([100, 200, 250]);
    const first = simulator.requests[0]?.url ?? '';
    expect(first).toContain('incidents_since=0');
    expect(first).toContain('limit=100');
    // follow-up pages carry only the cursor, as the API wants
    expect(simulator.requests[1]?.url).toMatch(/cursor=/);
    expect(simulator.requests[1]?.url).not.toMatch(/limit=|incidents_since=/);
    expect(simulator.requests.every((r) => r.headerToken && !r.url.includes('auth_token'))).toBe(true);
  });

  it('takes one request and changes nothing when nothing is new', async () => {
    const { simulator, source } = await simulated(20, 100);
    const pages = await drain(source, { maxUpdatedId: 20 });
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ items: [], state: { maxUpdatedId: 20 }, requests: 1 });
    expect(simulator.requests).toHaveLength(1);
  });

  it('gives an acknowledged incident as a new version with a higher updated_id', async () => {
    const { simulator, source } = await simulated(10, 100);
    simulator.store.acknowledge(3);
    const items = (await drain(source, { maxUpdatedId: 10 })).flatMap((p) => p.items);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ updated_id: 11, description: { acknowledged: 'True' } });
  });

  it('filters incidents created before the configured start, but moves past them', async () => {
    // seeded incidents are created 30 s apart from 2026-01-01T00:00:00Z
    const { source } = await simulated(100, 40, 1_767_225_600 + 30 * 60);
    const pages = await drain(source, { maxUpdatedId: 0 });
    const items = pages.flatMap((p) => p.items);
    expect(items).toHaveLength(40);
    expect(items.every((i) => Number(i.description.created) >= 1_767_225_600 + 1800)).toBe(true);
    expect(pages.reduce((n, p) => n + p.filtered, 0)).toBe(60);
    expect(pages.at(-1)?.state).toEqual({ maxUpdatedId: 100 });
  });
});

describe('IncidentsReader ordering defences', () => {
  const incident = (updatedId: number, id = `i${updatedId}`) => ({
    id,
    updated_id: updatedId,
    description: { created: '1767225600' },
  });
  const page = (ids: number[], next: string | null) =>
    json(200, { result: 'success', incidents: ids.map((u) => incident(u)), cursor: { next } });

  async function scripted(pages: Responder[]) {
    const { client, stop: close } = await scriptedClient(pages);
    stop = close;
    return new IncidentsReader(client, { pageSize: 3 });
  }

  it('holds the checkpoint until the walk ends when a page comes out of order', async () => {
    const source = await scripted([page([7, 8, 9], 'a'), page([4, 5, 6], 'b'), page([10], null)]);
    const pages = await drain(source, { maxUpdatedId: 3 });
    // after the out-of-order page the state must not claim 9: ids 4-6 were not yet safe to skip
    expect(pages.map((p) => p.state.maxUpdatedId)).toEqual([9, 9, 10]);
    expect(pages.flatMap((p) => p.items.map((i) => i.updated_id))).toEqual([7, 8, 9, 4, 5, 6, 10]);
  });

  it('drops versions at or below the checkpoint and a page served twice, counting them as duplicates', async () => {
    const source = await scripted([page([2, 4, 5], 'a'), page([4, 5], 'b'), page([6, 6], null)]);
    const pages = await drain(source, { maxUpdatedId: 3 });
    expect(pages.flatMap((p) => p.items.map((i) => i.updated_id))).toEqual([4, 5, 6]);
    expect(pages.reduce((n, p) => n + p.duplicates, 0)).toBe(4);
    expect(pages.at(-1)?.state).toEqual({ maxUpdatedId: 6 });
  });

  it('keeps two incidents that share an updated_id (the key is id + updated_id)', async () => {
    const source = await scripted([
      json(200, {
        result: 'success',
        incidents: [incident(5, 'a'), incident(5, 'b')],
        cursor: { next: null },
      }),
    ]);
    const pages = await drain(source, { maxUpdatedId: 0 });
    expect(pages[0]?.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('goes on with incidents_since when a full page comes without any cursor, and stops on a short one', async () => {
    const bare = (ids: number[]) => json(200, { result: 'success', incidents: ids.map((u) => incident(u)) });
    const {
      client,
      server,
      stop: close,
    } = await scriptedClient([bare([4, 5, 6]), bare([7, 8, 9]), bare([10])]);
    stop = close;
    const pages = await drain(new IncidentsReader(client, { pageSize: 3 }), { maxUpdatedId: 3 });
    expect(pages.flatMap((p) => p.items.map((i) => i.updated_id))).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(pages.map((p) => p.last)).toEqual([false, false, true]);
    expect(
      server.requests.map((r) => new URL(r.url ?? '', 'http://x').searchParams.get('incidents_since')),
    ).toEqual(['3', '6', '9']);
  });

  it('fails with CANARY_PAGING_INCOMPLETE when a page without a cursor came out of order (no safe way on)', async () => {
    const source = await scripted([
      page([7, 8, 9], 'a'),
      json(200, { result: 'success', incidents: [4, 5, 6].map((u) => incident(u)) }),
    ]);
    const error = await drain(source, { maxUpdatedId: 3 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANARY_PAGING_INCOMPLETE' });
  });
});
