import { isDeepStrictEqual } from 'node:util';
import { describeError } from './errors.ts';
import { loggable } from './loggable.ts';
import type {
  CanaryReader,
  CheckpointStore,
  Clock,
  EventSink,
  Lease,
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
  try {
    if (reset) {
      lease = await store.commit(lease, state, leaseUntil());
      stats.checkpointWrites++;
    }
    for await (const page of reader.pages(state)) {
      stats.pages++;
      stats.requests += page.requests;
      stats.received += page.received;
      stats.duplicates += page.duplicates;
      stats.filtered += page.filtered;
      if (page.items.length > 0) {
        const records = normalize(page.items, new Date(clock.now()).toISOString());
        const sent = await sink.put(records);
        stats.recordsSent += records.length;
        stats.bytesSent += sent.bytes;
        stats.sinkCalls += sent.calls;
      }
      if (!isDeepStrictEqual(page.state, state)) {
        lease = await store.commit(lease, page.state, leaseUntil());
        stats.checkpointWrites++;
        state = page.state;
      }
      input.onPage?.(stats);
      const outOfTime = clock.now() >= input.deadline - input.marginMs;
      if (page.last !== true && (outOfTime || input.stopRequested?.() === true)) {
        more = true;
        break;
      }
    }
  } catch (error) {
    const failed = { ...summary('failed', false, reset, state), error: describeError(error) };
    await releaseQuietly(store, lease, {
      ok: false,
      at: clock.now(),
      errorCode: failed.error.code,
      recordsSent: stats.recordsSent,
    });
    throw new RunFailedError(failed, error);
  }
  await releaseQuietly(store, lease, { ok: true, at: clock.now(), recordsSent: stats.recordsSent });
  return summary('completed', more, reset, state);
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
