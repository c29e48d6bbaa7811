import type {
  CanaryReader,
  CheckpointStore,
  EventSink,
  Lease,
  OutputRecord,
  ReaderPage,
  RunOutcome,
} from '#lib/core/ports.ts';

/** In-memory ports for testing the core loop without AWS or HTTP. */
export class MemoryStore<S> implements CheckpointStore<S> {
  item: {
    state?: S;
    version: number;
    fingerprint?: string;
    startOverride?: string;
    owner?: string;
    until: number;
  } = {
    version: 0,
    until: 0,
  };
  commits: S[] = [];
  outcomes: RunOutcome[] = [];
  now = () => 0;

  async acquire(key: string, owner: string, leaseUntil: number): Promise<Lease<S> | null> {
    if (this.item.owner !== undefined && this.item.owner !== owner && this.item.until >= this.now())
      return null;
    this.item = { ...this.item, owner, until: leaseUntil, version: this.item.version + 1 };
    const { state, fingerprint, startOverride } = this.item;
    return { key, owner, version: this.item.version, state: state ?? null, fingerprint, startOverride };
  }

  async commit(lease: Lease<S>, state: S, leaseUntil: number): Promise<Lease<S>> {
    if (this.item.owner !== lease.owner || this.item.version !== lease.version) throw new Error('conflict');
    this.item = {
      ...this.item,
      state,
      version: lease.version + 1,
      fingerprint: lease.fingerprint,
      until: leaseUntil,
    };
    this.commits.push(state);
    return { ...lease, version: lease.version + 1, state };
  }

  async release(_lease: Lease<S>, outcome: RunOutcome): Promise<void> {
    this.item = { ...this.item, owner: undefined, until: 0 } as typeof this.item;
    this.outcomes.push(outcome);
  }
}

export class MemorySink implements EventSink {
  records: OutputRecord[] = [];
  failNext = 0;

  async put(records: Iterable<OutputRecord>): Promise<{ calls: number; bytes: number }> {
    if (this.failNext > 0) {
      this.failNext--;
      const { CollectorError } = await import('#lib/core/errors.ts');
      throw new CollectorError('SINK_FAILED', 'simulated sink failure');
    }
    const delivered = [...records];
    this.records.push(...delivered);
    return { calls: 1, bytes: delivered.length };
  }
}

/** A source over fixed pages of numbers; the state is the last number delivered. */
export class ListReader implements CanaryReader<{ last: number }, number> {
  readonly name = 'incidents' as const;
  pagesServed = 0;
  constructor(private readonly data: number[][]) {}

  async *pages(state: { last: number }): AsyncGenerator<ReaderPage<{ last: number }, number>> {
    for (const page of this.data) {
      const items = page.filter((n) => n > state.last);
      this.pagesServed++;
      const last = Math.max(state.last, ...items);
      yield {
        items,
        state: { last },
        requests: 1,
        received: page.length,
        duplicates: page.length - items.length,
        filtered: 0,
      };
    }
  }
}
