import { afterEach, describe, expect, it } from 'vitest';
import { DeviceStore } from '#fakes/simulator/devices.ts';
import type { CanarySimulator } from '#fakes/simulator/server.ts';
import {
  type BirdItem,
  BirdsReader,
  type BirdsState,
  decodeDigest,
  encodeDigest,
} from '#lib/canary/birds.ts';
import { type TokenItem, TokensReader, type TokensState } from '#lib/canary/tokens.ts';
import type { CanaryReader, ReaderPage } from '#lib/core/ports.ts';
import { scriptedClient, simulatorClient } from '#support/clients.ts';
import { json } from '#support/httpServer.ts';

const HOUR = 3_600_000;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function simulated(options: ConstructorParameters<typeof CanarySimulator>[0]) {
  const { simulator, client, stop: close } = await simulatorClient({ seed: 8, ...options });
  stop = close;
  return { simulator, client };
}

async function drain<S, T>(source: CanaryReader<S, T>, state: S) {
  const pages: Array<ReaderPage<S, T>> = [];
  for await (const page of source.pages(state)) pages.push(page);
  return { pages, items: pages.flatMap((p) => p.items), state: pages.at(-1)?.state ?? state };
}

describe('BirdsReader', () => {
  it('takes at most one snapshot an hour, and reports exactly which birds appeared, went offline, came back or disappeared', async () => {
    const { simulator, client } = await simulated({ birds: 4 });
    let now = Date.parse('2026-11-22T10:00:20Z');
    const source = new BirdsReader(client, { intervalMs: HOUR, now: () => now });
    const changes = (items: BirdItem[]) =>
      items.flatMap((i) => (i.kind === 'change' ? [`${i.change}:${i.device.id}`] : [])).sort();

    const first = await drain(source, { lastSnapshotAt: null, digest: null } as BirdsState);
    expect(first.items.filter((i) => i.kind === 'bird')).toHaveLength(4);
    expect(changes(first.items)).toEqual([]);
    expect(first.state.lastSnapshotAt).toBe(Date.parse('2026-11-22T10:00:00Z'));

    const [a, b, c] = simulator.devices.ids() as [string, string, string];
    const added = simulator.devices.add();
    simulator.devices.setLive(a, false);
    now += 59 * 60_000;
    const tooSoon = await drain(source, first.state);
    expect(tooSoon.items).toEqual([]);
    expect(tooSoon.pages[0]?.requests).toBe(0);

    now += 60_000;
    const second = await drain(source, first.state);
    expect(changes(second.items)).toEqual([`appeared:${added}`, `offline:${a}`].sort());
    expect(second.items.filter((i) => i.kind === 'bird')).toHaveLength(5);

    simulator.devices.setLive(a, true);
    simulator.devices.remove(b);
    simulator.devices.setLive(c, false);
    now += HOUR;
    const third = await drain(source, second.state);
    expect(changes(third.items)).toEqual([`disappeared:${b}`, `offline:${c}`, `online:${a}`].sort());
    const gone = third.items.find((i) => i.kind === 'change' && i.change === 'disappeared');
    expect(gone?.device).toMatchObject({ id: b, name: expect.any(String) });

    now += HOUR;
    expect(changes((await drain(source, third.state)).items)).toEqual([]);
  });

  it('keeps the digest of 10,000 birds far under the 400 KB item limit', () => {
    const devices = new DeviceStore(1, 10_000).list() as Array<{ id: string; name: string; live: boolean }>;
    const digest = encodeDigest(devices);
    expect(Buffer.byteLength(digest)).toBeLessThan(200_000);
    const decoded = decodeDigest(digest);
    expect(decoded.size).toBe(10_000);
    expect(decoded.get(devices[7]?.id as string)).toEqual({ live: true, name: devices[7]?.name });
  });
});

describe('TokensReader', () => {
  it('walks every page once per interval and resumes an interrupted snapshot where it stopped', async () => {
    const { simulator, client } = await simulated({ tokens: 23 });
    let now = Date.parse('2026-11-22T10:00:05Z');
    const source = new TokensReader(client, { intervalMs: HOUR, pageSize: 5, now: () => now });
    const keys = (items: TokenItem[]) => items.map((i) => i.token.canarytoken);

    const full = await drain(source, { lastSnapshotAt: null } as TokensState);
    expect(full.pages.map((p) => p.items.length)).toEqual([5, 5, 5, 5, 3]);
    expect(new Set(keys(full.items)).size).toBe(23);
    expect(full.pages.map((p) => p.state.current?.pagesDone)).toEqual([1, 2, 3, 4, undefined]);
    expect(full.state).toEqual({ lastSnapshotAt: Date.parse('2026-11-22T10:00:00Z') });

    now += 30 * 60_000;
    expect((await drain(source, full.state)).items).toEqual([]);

    // a run that stopped after two pages: the next run keeps the same stamp and sends pages 3 to 5 only
    const interrupted = full.pages[1]?.state as TokensState;
    const resumed = await drain(source, interrupted);
    expect(keys(resumed.items)).toEqual(keys(full.items).slice(10));
    expect(resumed.items.every((i) => i.snapshotAt === Date.parse('2026-11-22T10:00:00Z'))).toBe(true);
    expect(resumed.pages.reduce((n, p) => n + p.duplicates, 0)).toBe(10);
    expect(simulator.tokens.list()).toHaveLength(23);
  });

  it('stops a snapshot with CANARY_PAGING_INCOMPLETE rather than deliver a cut-off one as whole', async () => {
    const tokens = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ canarytoken: `t${i}`, kind: 'http' }));
    const cut = await scriptedClient([
      json(200, { result: 'success', canarytokens: tokens(5), page_num: 1, page_total: 4 }),
    ]);
    const source = new TokensReader(cut.client, { intervalMs: HOUR, pageSize: 5 });
    const error = await drain(source, { lastSnapshotAt: null } as TokensState).catch((e: unknown) => e);
    await cut.stop();
    expect(error).toMatchObject({ code: 'CANARY_PAGING_INCOMPLETE' });
    // the same page saying it is the last one (or short) ends the snapshot
    const whole = await scriptedClient([
      json(200, { result: 'success', canarytokens: tokens(5), page_num: 4, page_total: 4 }),
    ]);
    const done = await drain(new TokensReader(whole.client, { intervalMs: HOUR, pageSize: 5 }), {
      lastSnapshotAt: null,
    } as TokensState);
    await whole.stop();
    expect(done.items).toHaveLength(5);
  });
});
