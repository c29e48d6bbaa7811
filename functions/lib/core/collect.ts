import { isDeepStrictEqual } from 'node:util';
import { describeError } from './errors.ts';
import { loggable } from './loggable.ts';
import type {
  CanaryReader,
  CheckpointStore,
  Clock,
  EventSink,
  Lease,
  ReaderPage,
  SinkRecord,
  SourceName,
} from './ports.ts';
import { emptyStats, finishStats, type RunStats } from './stats.ts';

/** A source made ready for one run, once the start it must honour is known. */
export interface BoundSource<S, T> {
  reader: CanaryReader<S, T>;
  /** The source's starting state, used on a first run and after a fingerprint change. */
  initialState: S;
  /** A digest of the settings that define where collection starts; a change resets the state. */
  fingerprint: string;
  normalize: (items: T[], collectedAt: string) => SinkRecord[];
}

export interface CollectInput<S, T> {
  console: string;
  sourceName: SourceName;
  /** Binds the source; `startOverride` (from `reset --from`) replaces the configured start. */
  bind(startOverride: string | undefined): BoundSource<S, T>;
  store: CheckpointStore<S>;
  sink: EventSink;
  clock: Clock;
  /** Epoch ms by which the run must have committed and returned (the Lambda's own deadline). */
  deadline: number;
  /** Stop fetching once less than this is left before the deadline. */
  marginMs: number;
  /** Identifies this run as the lease owner. */
  owner: string;
  /** How long the lease outlives the deadline, so that a crashed run's lease expires soon after it. */
  leaseGraceMs: number;
  /** Called after each page is delivered and committed (local runs print progress from it). */
  onPage?(stats: Readonly<RunStats>): void;
  /** Asked after each committed page: true ends the run there, as a spent time budget does. */
  stopRequested?(): boolean;
  /** false reads strictly page by page (the latency bench measures what fetching ahead saves). */
  fetchAhead?: boolean;
}

export type RunStatus = 'completed' | 'skipped' | 'failed';

export interface RunSummary {
  console: string;
  source: SourceName;
  status: RunStatus;
  /** true when the run stopped on its time budget with more to read. */
  more: boolean;
  /** true when the stored state was reset (first run, or a changed start setting). */
  reset: boolean;
  /** The state reached, with large values replaced by their size (see loggable). */
  checkpoint: unknown;
  stats: RunStats;

  error?: { code: string; message: string; advice: string };
}

export function checkpointKey(consoleName: string, source: SourceName): string {
  return `${consoleName}#${source}`;
}

/**
 * One run for one (console, source): lease, then page by page deliver-then-commit, then release.
 * The checkpoint only ever moves past records the sink has accepted in full, so a crash anywhere
 * re-delivers at most the page in flight.
 */
export async function collect<S, T>(input: CollectInput<S, T>): Promise<RunSummary> {
  const { store, sink, clock } = input;
  const started = clock.now();
  const stats = emptyStats();
  const key = checkpointKey(input.console, input.sourceName);
  const leaseUntil = () => input.deadline + input.leaseGraceMs;
  const summary = (status: RunStatus, more: boolean, reset: boolean, checkpoint: S | null) => ({
    console: input.console,
    source: input.sourceName,
    status,
    more,
    reset,
    checkpoint: loggable(checkpoint),
    stats: finishStats(stats, clock.now() - started),
  });

  const acquired = await store.acquire(key, input.owner, leaseUntil());
  if (acquired === null) return summary('skipped', false, false, null);
  const { reader, initialState, fingerprint, normalize } = input.bind(acquired.startOverride);
  const reset = acquired.state === null || acquired.fingerprint !== fingerprint;
  let lease: Lease<S> = { ...acquired, fingerprint };
  let state = reset ? initialState : (acquired.state as S);
  let more = false;
  let iterator: AsyncIterator<ReaderPage<S, T>> | undefined;
  let ahead: Promise<IteratorResult<ReaderPage<S, T>>> | undefined;
  const stopNow = () => clock.now() >= input.deadline - input.marginMs || input.stopRequested?.() === true;
  try {
    if (reset) {
      lease = await store.commit(lease, state, leaseUntil());
      stats.checkpointWrites++;
    }
    // Fetch ahead: while a page is delivered and committed, the next one is already on its way (one
    // page ahead, no more, so memory stays bounded). The order of delivery and commit is unchanged:
    // the checkpoint moves only past a page the sink accepted, and a prefetched page that fails
    // surfaces only after the page before it is committed.
    iterator = reader.pages(state)[Symbol.asyncIterator]();
    ahead = settle(iterator.next());
    for (;;) {
      const result = await (ahead as Promise<IteratorResult<ReaderPage<S, T>>>);
      ahead = undefined;
      if (result.done === true) break;
      const goOn = result.value.last !== true && !stopNow();
      const prefetch = goOn && input.fetchAhead !== false;
      // The state to commit is the one as this page was yielded, taken before the reader resumes: the
      // readers yield a state they no longer change (the incidents' event counts are packed anew per
      // page), and this copy (a few bytes, 20 KB at most) keeps one that did from moving it.
      const page = prefetch ? { ...result.value, state: structuredClone(result.value.state) } : result.value;
      if (prefetch) ahead = settle(iterator.next());
      stats.pages++;
      stats.requests += page.requests;
      stats.received += page.received;
      stats.duplicates += page.duplicates;
      stats.filtered += page.filtered;
      if (page.items.length > 0) {
        const records = normalizedInChunks(page.items, normalize, new Date(clock.now()).toISOString());
        const sent = await sink.put(records);
        stats.recordsSent += records.count;
        stats.bytesSent += sent.bytes;
        stats.sinkCalls += sent.calls;
      }
      if (!isDeepStrictEqual(page.state, state)) {
        lease = await store.commit(lease, page.state, leaseUntil());
        stats.checkpointWrites++;
        state = page.state;
      }
      input.onPage?.(stats);
      if (page.last === true) break;
      if (!goOn || stopNow()) {
        more = true;
        break;
      }
      if (!prefetch) ahead = settle(iterator.next());
    }
  } catch (error) {
    abandon(iterator, ahead);
    const failed = { ...summary('failed', false, reset, state), error: describeError(error) };
    await releaseQuietly(store, lease, {
      ok: false,
      at: clock.now(),
      errorCode: failed.error.code,
      recordsSent: stats.recordsSent,
    });
    throw new RunFailedError(failed, error);
  }
  abandon(iterator, ahead);
  await releaseQuietly(store, lease, { ok: true, at: clock.now(), recordsSent: stats.recordsSent });
  return summary('completed', more, reset, state);
}

/** Items normalised at a time as the sink reads a page's records. */
export const NORMALIZE_CHUNK = 50;

/**
 * A page's records, normalised a chunk of items at a time as the sink reads them: a record and its
 * JSON are garbage once the sink has its bytes, instead of a whole page of them living through the
 * garbage collector's young-generation copies (a tenth of a backfill's CPU went to copying them).
 * `count` is how many records were read.
 */
function normalizedInChunks<T>(
  items: T[],
  normalize: (items: T[], collectedAt: string) => SinkRecord[],
  collectedAt: string,
): Iterable<SinkRecord> & { count: number } {
  const records = {
    count: 0,
    *[Symbol.iterator]() {
      for (let from = 0; from < items.length; from += NORMALIZE_CHUNK) {
        for (const record of normalize(items.slice(from, from + NORMALIZE_CHUNK), collectedAt)) {
          records.count++;
          yield record;
        }
      }
    },
  };
  return records;
}

/** Thrown when a run fails; carries the run's summary so the handler can still report its figures. */
export class RunFailedError extends Error {
  readonly summary: RunSummary;
  constructor(summary: RunSummary, cause: unknown) {
    super(`${summary.console}#${summary.source} failed: ${summary.error?.code}: ${summary.error?.message}`, {
      cause,
    });
    this.name = 'RunFailedError';
    this.summary = summary;
  }
}

/**
 * A prefetched page's failure is the run's failure only once the loop awaits it; until then it must
 * not count as an unhandled rejection (the page before it may still be in delivery).
 */
function settle<R>(next: Promise<R>): Promise<R> {
  next.catch(() => {});
  return next;
}

/**
 * A run that stops with a page still being fetched (time budget, Ctrl-C, a failed delivery) leaves
 * it: nothing of it is delivered or committed, so the next run reads it again. The reader is closed
 * once that fetch settles; waiting for it here would only delay the release of the lease.
 */
function abandon<P>(iterator: AsyncIterator<P> | undefined, ahead: Promise<IteratorResult<P>> | undefined) {
  if (iterator === undefined) return;
  const close = () => {
    iterator.return?.().catch(() => {});
  };
  if (ahead === undefined) close();
  else ahead.then(close, () => {});
}

async function releaseQuietly<S>(
  store: CheckpointStore<S>,
  lease: Lease<S>,
  outcome: Parameters<CheckpointStore<S>['release']>[1],
) {
  try {
    await store.release(lease, outcome);
  } catch {
    // The lease expires on its own; a failed release only delays the next run, it loses nothing,
    // and it must not hide the run's own outcome.
  }
}
