import type { RunStats } from '#lib/core/stats.ts';

/**
 * Progress of a long local run, at least every 2 s: on a terminal one line rewritten in place every
 * second, otherwise a plain line 1 s into a drain and every 2 s after. Figures add up over the runs
 * of one source's drain.
 */
export class Progress {
  private readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly now: () => number;
  private source: string | undefined;
  private startedAt = 0;
  private ticks = 0;
  private carried = { records: 0, pages: 0 };
  private current = { records: 0, pages: 0 };
  private onLine = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(out: NodeJS.WritableStream & { isTTY?: boolean }, now: () => number = Date.now) {
    this.out = out;
    this.now = now;
  }

  get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** A source's drain begins. */
  begin(source: string): void {
    this.source = source;
    this.startedAt = this.now();
    this.ticks = 0;
    this.carried = { records: 0, pages: 0 };
    this.current = { records: 0, pages: 0 };
    this.timer ??= setInterval(() => this.tick(), 950);
    this.timer.unref();
  }

  /** After each delivered page of the current run. */
  page(stats: Readonly<RunStats>): void {
    this.current = { records: stats.recordsSent, pages: stats.pages };
  }

  /** One run of the drain is over; the next one starts from zero in its own stats. */
  runEnded(): void {
    this.carried = {
      records: this.carried.records + this.current.records,
      pages: this.carried.pages + this.current.pages,
    };
    this.current = { records: 0, pages: 0 };
  }

  /** The drain is over: the in-place line is cleared before the run's summary is printed. */
  end(): void {
    this.clear();
    this.source = undefined;
  }

  /** Writes a line of its own, above the progress line. */
  print(line: string): void {
    this.clear();
    this.out.write(`${line}\n`);
  }

  stop(): void {
    this.end();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (this.source === undefined) return;
    this.ticks++;
    if (!this.tty && this.ticks % 2 === 0) return;
    const now = this.now();
    const records = this.carried.records + this.current.records;
    const pages = this.carried.pages + this.current.pages;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(records / seconds) : 0;
    const text = `  ${this.source}: ${records.toLocaleString('en')} records, ${rate.toLocaleString('en')} records/s, ${pages} pages, ${seconds.toFixed(0)} s`;
    if (this.tty) {
      this.out.write(`\r\x1b[2K${text}`);
      this.onLine = true;
    } else {
      this.out.write(`${text}\n`);
    }
  }

  private clear(): void {
    if (this.onLine) this.out.write('\r\x1b[2K');
    this.onLine = false;
  }
}
