import { describe, expect, it } from 'vitest';
import { collect, RunFailedError } from '#lib/core/collect.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { ListReader, MemorySink, MemoryStore } from '#support/memory.ts';

const normalize = (items: number[], collectedAt: string): OutputRecord[] =>
  items.map((n) => ({
    event_id: `e${n}`,
    source: 'test',
    console: 'c',
    time: collectedAt,
    collected_at: collectedAt,
    canary: n,
  }));

function setup(pages: number[][], options: { now?: () => number; deadline?: number } = {}) {
  const store = new MemoryStore<{ last: number }>();
  const sink = new MemorySink();
  const source = new ListReader(pages);
  const overrides: Array<string | undefined> = [];
  const run = (owner = 'run-1') =>
    collect({
      console: 'c',
      sourceName: 'incidents',
      bind: (startOverride) => {
        overrides.push(startOverride);
        return { reader: source, initialState: { last: 0 }, fingerprint: startOverride ?? 'fp1', normalize };
      },
      store,
      sink,
      clock: { now: options.now ?? (() => 1000) },
      deadline: options.deadline ?? 1_000_000,
      marginMs: 100,
      owner,
      leaseGraceMs: 10,
    });
  return { store, sink, source, run, overrides };
}

describe('collect', () => {
  it('delivers every page, then commits each page after its delivery', async () => {
    const { store, sink, run } = setup([[1, 2], [3, 4], [5]]);
    const summary = await run();
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2, 3, 4, 5]);
    // first commit stores the reset state, then one per page
    expect(store.commits).toEqual([{ last: 0 }, { last: 2 }, { last: 4 }, { last: 5 }]);
    expect(summary).toMatchObject({ status: 'completed', more: false, reset: true, checkpoint: { last: 5 } });
    expect(summary.stats).toMatchObject({ requests: 3, received: 5, recordsSent: 5, pages: 3 });
    expect(store.outcomes.at(-1)).toMatchObject({ ok: true, recordsSent: 5 });
  });

  it('does not move the checkpoint past a page the sink refused, and reports the code', async () => {
    const { store, sink, run } = setup([
      [1, 2],
      [3, 4],
    ]);
    await run();
    store.item.state = { last: 2 };
    sink.records = [];
    sink.failNext = 1;
    const error = await run('run-2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).summary.error?.code).toBe('SINK_FAILED');
    expect(store.item.state).toEqual({ last: 2 });
    expect(store.outcomes.at(-1)).toMatchObject({ ok: false, errorCode: 'SINK_FAILED' });
    expect(store.item.owner).toBeUndefined();
  });

  it('exits cleanly, delivering nothing, when another run holds the lease', async () => {
    const { store, sink, run } = setup([[1]]);
    store.item = { version: 3, owner: 'other', until: 5000, fingerprint: 'fp1', state: { last: 0 } };
    const summary = await run();
    expect(summary.status).toBe('skipped');
    expect(sink.records).toHaveLength(0);
    expect(store.commits).toHaveLength(0);
  });

  it('stops on its time budget with more: true, and the next run resumes where it stopped', async () => {
    let now = 0;
    const { sink, store, source, run } = setup(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { now: () => now, deadline: 1000 },
    );
    // each page consumes 500 ms of the 1000 ms budget; the margin is 100 ms
    const original = sink.put.bind(sink);
    sink.put = async (records) => {
      now += 500;
      return original(records);
    };
    const first = await run();
    expect(first.more).toBe(true);
    expect(first.checkpoint).toEqual({ last: 4 });
    // the third page was fetched ahead while the second was delivered, and left: nothing of it went out
    expect(source.pagesServed).toBe(3);
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2, 3, 4]);
    now = 0;
    const second = await run('run-2');
    expect(second.checkpoint).toEqual({ last: 6 });
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.commits.at(-1)).toEqual({ last: 6 });
  });

  it('makes no write for a page that brings nothing new', async () => {
    const { store, run } = setup([[1]]);
    await run();
    const writes = store.commits.length;
    const summary = await run('run-2');
    expect(summary.stats).toMatchObject({ recordsSent: 0, checkpointWrites: 0, duplicates: 1 });
    expect(store.commits).toHaveLength(writes);
  });

  it('binds the source with the start a reset stored, and starts over from it', async () => {
    const { store, sink, run, overrides } = setup([[1, 2]]);
    await run();
    store.item.startOverride = '2026-01-01';
    const summary = await run('run-2');
    expect(overrides).toEqual([undefined, '2026-01-01']);
    expect(summary.reset).toBe(true);
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2, 1, 2]);
  });

  it('starts over when the fingerprint of the start settings changes', async () => {
    const { store, sink, run } = setup([[1, 2]]);
    await run();
    store.item.fingerprint = 'an older start date';
    const summary = await run('run-2');
    expect(summary.reset).toBe(true);
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2, 1, 2]);
  });
});
