/** Firehose's own limits: a record of at most 1,000 KiB, a batch of 500 records or 4 MiB. */
export const FIREHOSE_MAX_RECORD_BYTES = 1_024_000;
export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

const FIRST_BUFFER_BYTES = 256 * 1024;
/** The most a batch's buffer starts at: one big batch must not make every later one (a pushed alert's) take megabytes. */
const LARGEST_START_BYTES = 1024 * 1024;
const startSize = (expected: number) => Math.min(LARGEST_START_BYTES, Math.max(FIRST_BUFFER_BYTES, expected));
const EMPTY = Buffer.alloc(0);

/**
 * One PutRecordBatch's records as NDJSON lines, written into one buffer as they come: a record's
 * JSON is garbage once written, and a batch is one allocation (grown by doubling) instead of a string
 * and a buffer per record. `take` hands out each record's Data as a view of that buffer and starts
 * the next batch in a new one, so views already handed out are never overwritten.
 */
export class LineBatch {
  private buffer = EMPTY;
  private ends: number[] = [];
  private used = 0;
  /** The size the next batch's buffer starts at: the last batch's, as a page's batches are alike. */
  expected: number;

  constructor(expected = FIRST_BUFFER_BYTES) {
    this.expected = startSize(expected);
  }

  get count(): number {
    return this.ends.length;
  }

  get bytes(): number {
    return this.used;
  }

  /** Whether a line of `size` bytes (its newline included) may join this batch. */
  fits(size: number): boolean {
    if (this.ends.length === 0) return true;
    return this.ends.length < MAX_BATCH_RECORDS && this.used + size <= MAX_BATCH_BYTES;
  }

  /** Adds `json` and its newline; `size` is their length in bytes (Buffer.byteLength(json) + 1). */
  add(json: string, size: number): void {
    if (this.used + size > this.buffer.length) this.grow(this.used + size);
    this.buffer.write(json, this.used);
    this.used += size;
    this.buffer[this.used - 1] = 0x0a;
    this.ends.push(this.used);
  }

  /** The batch's records, each a view of its line; the batch is then empty. */
  take(): Uint8Array[] {
    const data: Uint8Array[] = [];
    let start = 0;
    for (const end of this.ends) {
      data.push(this.buffer.subarray(start, end));
      start = end;
    }
    // the next batch allocates when it gets its first line (the last batch of a put never does)
    this.expected = startSize(this.used);
    this.buffer = EMPTY;
    this.ends = [];
    this.used = 0;
    return data;
  }

  private grow(needed: number): void {
    let size = this.buffer.length === 0 ? this.expected : this.buffer.length * 2;
    while (size < needed) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}
