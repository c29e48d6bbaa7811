/**
 * A token bucket: `perSecond` requests a second on average, `burst` at once. One per container; with
 * the receiver's concurrency bounded, it bounds the rate a sender can make us put to Firehose.
 */
export class RateLimit {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.at = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * A bucket per authenticated console, so that one console's burst (or a replaying header holder)
 * cannot make another console's webhooks wait. Only authenticated names get a bucket, so the map is
 * bounded by the registered consoles; `maxConsoles` bounds it all the same.
 */
export class PerConsoleRateLimit {
  private readonly buckets = new Map<string, RateLimit>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxConsoles = 10_000,
  ) {}

  take(consoleName: string): boolean {
    let bucket = this.buckets.get(consoleName);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxConsoles) this.buckets.clear();
      bucket = new RateLimit(this.perSecond, this.burst, this.now);
      this.buckets.set(consoleName, bucket);
    }
    return bucket.take();
  }
}
