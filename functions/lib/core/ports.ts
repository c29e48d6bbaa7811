/**
 * The ports of the core. The run loop knows only these; adapters in canary/ and aws/ implement them,
 * and tests implement them in memory.
 */

/** The four sources a console is collected from; each has its function, queue and checkpoint. */
export const SOURCE_NAMES = ['incidents', 'audit-trail', 'birds', 'tokens'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** What the sink delivers: one JSON object per Firehose record, in whichever output format. */
export type SinkRecord = Record<string, unknown>;

/** One record in the native format, before it is serialised. The six fields of DESIGN.md come first. */
export interface OutputRecord {
  event_id: string;
  source: string;
  console: string;
  time: string;
  collected_at: string;
  canary: unknown;
  [extra: string]: unknown;
}

/** Push and poll correlation (aws/alertClaims.ts): whether a poll's first delivery of an incident alerts. */
export interface AlertClaimPort {
  claimForPoll(consoleName: string, hash: string): Promise<boolean>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A page read from the console: what it held, and the source state once it is delivered. */
export interface ReaderPage<S, T> {
  items: T[];
  /** The state to commit once `items` are delivered. Equal to the previous state if nothing moved. */
  state: S;
  /** HTTP requests this page took, retries included. */
  requests: number;
  /** Objects the console returned for this page, before filtering. */
  received: number;
  /** Objects dropped because they were already delivered (at or below the checkpoint). */
  duplicates: number;
  /** Objects dropped on purpose (older than the configured start). */
  filtered: number;
  /** true when the source knows nothing follows this page (the walk is complete). */
  last?: boolean;
}

export interface CanaryReader<S, T> {
  readonly name: SourceName;
  /** Pages from `state` on, in delivery order; the loop may stop early (time budget). */
  pages(state: S): AsyncIterable<ReaderPage<S, T>>;
}

export interface Lease<S> {
  key: string;
  owner: string;
  version: number;
  /** The stored state; null on a first run (or if it cannot be read). */
  state: S | null;
  /** The fingerprint of the start settings the state was written under; commits write the current one. */
  fingerprint: string | undefined;
  /** A start set by `canary-collector reset --from`; it overrides the configured start. */
  startOverride: string | undefined;
}

export interface CheckpointStore<S> {
  /** Takes the lease on `key`, or returns null when another run holds it. */
  acquire(key: string, owner: string, leaseUntil: number): Promise<Lease<S> | null>;
  /** Stores `state` under `lease.fingerprint`, only if this lease is still ours and nobody wrote in between. */
  commit(lease: Lease<S>, state: S, leaseUntil: number): Promise<Lease<S>>;
  /** Gives the lease up and records the outcome of the run. */
  release(lease: Lease<S>, outcome: RunOutcome): Promise<void>;
}

export interface RunOutcome {
  ok: boolean;
  at: number;
  errorCode?: string;
  recordsSent: number;
}

export interface EventSink {
  /**
   * Delivers every record or throws; never returns after a partial delivery. `records` may be lazy
   * (the collector normalises a page as the sink consumes it, so that each record and its JSON are
   * garbage soon after they are made): read it once, in order.
   */
  put(records: Iterable<SinkRecord>): Promise<{ calls: number; bytes: number }>;
}
