/**
 * Refused requests, counted rather than logged one by one: anyone on the internet can send them, and
 * a log line (or an EMF metric line) each would let a flood write our CloudWatch bill. Per container,
 * the first refusal of each kind in a window is logged (with how many went unlogged before it), and
 * the counts are published once a window, with the next request after it ends.
 */
export class RefusalTally<K extends string> {
  private counts = new Map<K, number>();
  private unlogged = new Map<K, number>();
  private loggedAt = new Map<K, number>();
  private windowStart: number;

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 60_000,
  ) {
    this.windowStart = now();
  }

  /** Counts one refusal: whether to log it, and how many of its kind were not logged since the last. */
  note(kind: K): { log: boolean; unlogged: number } {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const at = this.now();
    const last = this.loggedAt.get(kind);
    if (last !== undefined && at - last < this.windowMs) {
      this.unlogged.set(kind, (this.unlogged.get(kind) ?? 0) + 1);
      return { log: false, unlogged: 0 };
    }
    this.loggedAt.set(kind, at);
    const unlogged = this.unlogged.get(kind) ?? 0;
    this.unlogged.delete(kind);
    return { log: true, unlogged };
  }

  /** The window's counts once it has ended (and a new window begins), else nothing. */
  due(): Map<K, number> | undefined {
    if (this.now() - this.windowStart < this.windowMs || this.counts.size === 0) return undefined;
    const counts = this.counts;
    this.counts = new Map();
    this.windowStart = this.now();
    return counts;
  }
}
