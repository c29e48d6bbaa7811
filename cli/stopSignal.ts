/**
 * How long after a first Ctrl-C another SIGINT still counts as the same key press. One press in a
 * terminal signals the whole foreground process group, and the wrappers in it pass it on again: npm
 * forwards it to its script, tsx's launcher relays it to its node child (after waiting 30 ms). So a
 * `npm start` child gets two or three SIGINTs for one press, all within a few tens of milliseconds,
 * even on a loaded machine. A person who presses again to force has first read the "stopping" line:
 * that takes longer than a second. (Node does not tell who sent a signal, so time is the only rule
 * that holds for every launcher: npm, npx, tsx, a shell or none.)
 */
export const SAME_PRESS_MS = 1000;

export interface StopHandlers {
  /** The first press: finish the page in flight, commit, release, report. */
  stop(): void;
  /** A later press: the person wants out now. */
  force(): void;
}

/** Listens for Ctrl-C for as long as the run lasts; returns the function that stops listening. */
export function onCtrlC(handlers: StopHandlers, now: () => number = Date.now): () => void {
  let firstAt: number | undefined;
  const listener = () => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      handlers.stop();
    } else if (at - firstAt >= SAME_PRESS_MS) {
      handlers.force();
    }
  };
  process.on('SIGINT', listener);
  return () => process.off('SIGINT', listener);
}

/**
 * A run's stop request, listened for from before the local stack starts: a press during start-up is
 * kept until the start-up step in flight ends (a half-started stack cannot be released any sooner),
 * and it cuts short any wait (`sleep`) at once.
 */
export class StopRequest {
  requested = false;
  private readonly wakers = new Set<() => void>();

  request(): void {
    this.requested = true;
    for (const wake of this.wakers) wake();
  }

  /** Waits `ms`, or less if a stop is requested meanwhile. */
  sleep(ms: number): Promise<void> {
    if (this.requested) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}
