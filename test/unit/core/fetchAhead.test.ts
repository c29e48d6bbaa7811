import { describe, expect, it } from 'vitest';
import { collect, RunFailedError } from '#lib/core/collect.ts';
import { CollectorError } from '#lib/core/errors.ts';
import type { CanaryReader, OutputRecord, ReaderPage } from '#lib/core/ports.ts';
import { MemorySink, MemoryStore } from '#support/memory.ts';

type State = { last: number; seen: number[] };

/** A reader that logs when each page's fetch starts and ends, and can fail or mutate its state. */
class LoggingReader implements CanaryReader<State, number> {
  readonly name = 'incidents' as const;
  constructor(
    private readonly data: number[][],
    private readonly log: string[],
    private readonly options: { failFetch?: number; fetchMs?: number } = {},
  ) {}

  async *pages(state: State): AsyncGenerator<ReaderPage<State, number>> {
    // one state object, changed in place from page to page, as the incidents' event counts are
    const current: State = { last: state.last, seen: [...state.seen] };
    for (let index = 0; index < this.data.length; index++) {
      const page = this.data[index] as number[];
      this.log.push(`fetch ${index + 1} start`);
      await new Promise((resolve) => setTimeout(resolve, this.options.fetchMs ?? 5));
      if (this.options.failFetch === index + 1)
        throw new CollectorError('CANARY_UNAVAILABLE', `page ${index + 1}: simulated 503`);
      this.log.push(`fetch ${index + 1} end`);
      const items = page.filter((n) => n > current.last);
      current.last = Math.max(current.last, ...items);
      current.seen.push(...items);
      yield {
        items,
        state: current,
        requests: 1,
        received: page.length,
        duplicates: 0,
        filtered: 0,
        last: index === this.data.length - 1,
      };
    }
  }
}

const normalize = (items: number[], at: string): OutputRecord[] =>
  items.map((n) => ({ event_id: `e${n}`, source: 't', console: 'c', time: at, collected_at: at, canary: n }));

function setup(
  data: number[][],
  options: { failFetch?: number; failPut?: number; putMs?: number; stopAfter?: number } = {},
) {
  const log: string[] = [];
  const store = new MemoryStore<State>();
  const sink = new MemorySink();
  const reader = new LoggingReader(data, log, options);
  const put = sink.put.bind(sink);
  let puts = 0;
  sink.put = async (records) => {
    const n = ++puts;
    log.push(`put ${n} start`);
    await new Promise((resolve) => setTimeout(resolve, options.putMs ?? 20));
    if (options.failPut === n) {
      log.push(`put ${n} failed`);
      throw new CollectorError('SINK_FAILED', 'simulated Firehose outage');
    }
    const result = await put(records);
    log.push(`put ${n} end`);
    return result;
  };
  const commit = store.commit.bind(store);
  store.commit = async (lease, state, until) => {
    log.push(`commit last=${state.last}`);
    return commit(lease, state, until);
  };
  let pagesDone = 0;
  const run = () =>
    collect({
      console: 'c',
      sourceName: 'incidents',
      bind: () => ({ reader, initialState: { last: 0, seen: [] }, fingerprint: 'fp', normalize }),
      store,
      sink,
      clock: { now: () => 1000 },
      deadline: 1_000_000,
      marginMs: 100,
      owner: 'run-1',
      leaseGraceMs: 10,
      onPage: () => {
        pagesDone++;
      },
      stopRequested: () => options.stopAfter !== undefined && pagesDone >= options.stopAfter,
    });
  return { log, store, sink, run };
}

const PAGES = [
  [1, 2],
  [3, 4],
  [5, 6],
];

describe('fetch ahead', () => {
  it('fetches the next page while the current one is delivered, one page ahead and no more', async () => {
    const { log, store, sink, run } = setup(PAGES);
    const summary = await run();
    expect(summary).toMatchObject({ status: 'completed', more: false, checkpoint: { last: 6 } });
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2, 3, 4, 5, 6]);
    const at = (entry: string) => log.indexOf(entry);
    // page 2 is on its way before page 1's delivery ends
    expect(at('fetch 2 start')).toBeLessThan(at('put 1 end'));
    expect(at('fetch 3 start')).toBeLessThan(at('put 2 end'));
    // never two pages ahead: page 3 is asked for only once page 1 is delivered and committed
    expect(at('fetch 3 start')).toBeGreaterThan(at('commit last=2'));
    // deliver-then-commit, in order
    expect(log.filter((e) => e.startsWith('put') || e.startsWith('commit'))).toEqual([
      'commit last=0',
      'put 1 start',
      'put 1 end',
      'commit last=2',
      'put 2 start',
      'put 2 end',
      'commit last=4',
      'put 3 start',
      'put 3 end',
      'commit last=6',
    ]);
    expect(store.commits.map((s) => s.seen)).toEqual([[], [1, 2], [1, 2, 3, 4], [1, 2, 3, 4, 5, 6]]);
  });

  it('commits the state as each page was yielded, though the reader changes it while fetching ahead', async () => {
    const { store, run } = setup(PAGES, { putMs: 30 });
    await run();
    // the reader's one state object said last=4 by the time page 1 was committed; the commit says 2
    expect(store.commits.map((s) => s.last)).toEqual([0, 2, 4, 6]);
  });

  it('a prefetched page that fails: the page before it is delivered and committed, then the run fails with its code', async () => {
    const { log, store, sink, run } = setup(PAGES, { failFetch: 2 });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).summary.error?.code).toBe('CANARY_UNAVAILABLE');
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2]);
    expect(store.item.state).toEqual({ last: 2, seen: [1, 2] });
    expect(log.indexOf('commit last=2')).toBeGreaterThan(-1);
    expect(store.item.owner).toBeUndefined();
  });

  it('a delivery that fails while the next page is in flight: nothing of either moves the checkpoint', async () => {
    const { log, store, sink, run } = setup(PAGES, { failPut: 2 });
    const error = await run().catch((e: unknown) => e);
    expect((error as RunFailedError).summary.error?.code).toBe('SINK_FAILED');
    expect(log).toContain('fetch 3 start');
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2]);
    expect(store.item.state).toEqual({ last: 2, seen: [1, 2] });
    // the next run re-delivers from the checkpoint: the failed page, then the one that was in flight
    const again = setup(PAGES);
    again.store.item = { ...store.item };
    await again.run();
    expect(again.sink.records.map((r) => r.canary)).toEqual([3, 4, 5, 6]);
  });

  it('a prefetched page whose fetch fails after the run stopped is not a failure of the run', async () => {
    const { sink, run } = setup(PAGES, { failFetch: 2, stopAfter: 1, putMs: 1 });
    const summary = await run();
    expect(summary).toMatchObject({ status: 'completed', more: true, checkpoint: { last: 2 } });
    expect(sink.records.map((r) => r.canary)).toEqual([1, 2]);
  });

  it('asks for no page ahead once a stop is requested', async () => {
    const { log, run } = setup(PAGES, { stopAfter: 1, putMs: 1 });
    const summary = await run();
    expect(summary.more).toBe(true);
    // the stop came with page 1's progress, after page 2 was already on its way; page 3 never
    expect(log).not.toContain('fetch 3 start');
  });
});
