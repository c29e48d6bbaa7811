import { dueConsoles, type FleetMember } from '#lib/core/fleet.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { EventHeap } from './heap.ts';
import { lognormal, quantile, seededRandom } from './random.ts';

/**
 * The fleet capacity model: a discrete-event simulation of the dispatcher's minutes and each source's
 * run-request queue. Which consoles are due in a minute comes from the real `dueConsoles` (or an
 * injected replacement, for tests); the queue rules are SQS's and Lambda's as the stack sets them:
 * a message waits until one of `maxConcurrency` slots is free, a received message stays invisible
 * for the visibility timeout (a failed run's message comes back when it ends, a run longer than it
 * is received twice), a message received `maxReceiveCount` times goes to the dead-letter queue, one
 * older than the retention period is dropped, and a run longer than the function timeout fails. Pure
 * and deterministic: the same input gives the same result.
 */
export type Dispatch = typeof dueConsoles;

/** What one run of a source costs in time. */
export interface RunProfile {
  /** Per-run times measured on the local stack, ms: everything but the console's latency; drawn at random. */
  localMs: readonly number[];
  /** Canary requests a run makes; each waits one draw of the console's latency. */
  requests: number;
}

/** The queue and function settings of the stack (infra/constructs, infra/config). */
export interface QueueRules {
  maxConcurrency: number;
  visibilityTimeoutMs: number;
  maxReceiveCount: number;
  retentionMs: number;
  functionTimeoutMs: number;
}

export interface CapacityInput {
  consoles: number;
  sources: ReadonlyArray<{ source: SourceName; intervalMinutes: number; profile: RunProfile }>;
  rules: QueueRules;
  /** Each Canary request of a console that answers: lognormal. */
  latency: { medianMs: number; sigma: number };
  /** The share of consoles that never answer, and how long one of their runs takes (the client's timeouts and retries). */
  hang: { share: number; runMs: readonly number[] };
  /** Minutes simulated before the measured window (a failed message's retries take visibility timeouts to settle). */
  warmupMinutes: number;
  windowMinutes: number;
  /** From the start of the minute to the run requests being on the queue (the dispatcher's scan and sends). */
  dispatchDelayMs: number;
  startEpochMinute: number;
  seed: number;
  /** Which consoles are due: the real one unless a test gives another. */
  dispatch?: Dispatch;
}

export interface SourceResult {
  source: SourceName;
  intervalMinutes: number;
  dispatched: number;
  runs: number;
  succeeded: number;
  failed: number;
  /** Runs stopped by the function timeout (counted in `failed`). */
  timedOut: number;
  deadLettered: number;
  expired: number;
  /** Receives of a message while an earlier receive of it was still running (a run past the visibility timeout). */
  duplicateReceives: number;
  peakConcurrency: number;
  /**
   * Due minute to the run's start, for the messages due in the window; one not started by the end
   * counts with its wait so far (`censored` of them: the figures are then lower bounds).
   */
  delayMs: { p50: number; p99: number; max: number; started: number; censored: number };
  /** Messages due in the window that started an interval or more after their due minute, or never. */
  late: number;
  /** Visible messages at each minute of the window (before that minute's dispatch), and at its end. */
  depth: { max: number; mean: number; end: number; series: number[] };
  /** The queue ended the window longer than it began it (same phase of the schedule): more work than slots. */
  growing: boolean;
  /** Every message due in the window started within its interval, and the queue is not growing. */
  keptOnInterval: boolean;
}

interface Message {
  console: number;
  dueMs: number;
  sentMs: number;
  receives: number;
  /** The latest receive: only its run may delete the message (an older receipt handle may not). */
  token: number;
  state: 'visible' | 'inflight' | 'done';
  running: number;
  started: boolean;
}

type Event =
  | { at: number; seq: number; kind: 'sample' | 'dispatch'; minute: number }
  | { at: number; seq: number; kind: 'finish'; message: Message; token: number; ok: boolean }
  | { at: number; seq: number; kind: 'visible'; message: Message; token: number };

const MINUTE_MS = 60_000;

/** The fleet's consoles: registry entries with the deployment's defaults (no own intervals, none paused). */
export function fleetMembers(count: number): FleetMember[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => ({
    name: `console-${String(i).padStart(width, '0')}`,
    paused: false,
    sources: {},
  }));
}

export function simulate(input: CapacityInput): SourceResult[] {
  const members = fleetMembers(input.consoles);
  const hung = hungConsoles(input.consoles, input.hang.share, input.seed);
  return input.sources.map((plan) => simulateSource(input, plan, members, hung));
}

/** Which consoles hang: a fixed set (a console that hangs, hangs on every run of every source). */
function hungConsoles(count: number, share: number, seed: number): Set<number> {
  const random = seededRandom(seed ^ 0x9e3779b9);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return new Set(order.slice(0, Math.round(share * count)));
}

/**
 * Which consoles are due in each minute, through `dispatch`. A console's offset is fixed and the
 * minute is taken modulo the interval (core/fleet.ts), so a schedule repeats every interval: the
 * real code is called for one interval's minutes and its answers reused, after checking that the
 * first minute of the next interval gives the same consoles (it would not for a dispatch that is
 * not periodic, and the model refuses it).
 */
function dueSchedule(
  input: CapacityInput,
  source: SourceName,
  intervalMinutes: number,
  members: FleetMember[],
) {
  const dispatch = input.dispatch ?? dueConsoles;
  const defaults = { enabled: true, intervalMinutes };
  const cache = new Map<number, string[]>();
  const at = (minute: number) => dispatch(members, source, defaults, input.startEpochMinute + minute);
  const total = input.warmupMinutes + input.windowMinutes;
  if (intervalMinutes < total && at(intervalMinutes).join() !== at(0).join())
    throw new Error(`the dispatch of ${source} is not periodic in its interval: the model cannot reuse it`);
  return (minute: number): string[] => {
    const key = minute % intervalMinutes;
    let due = cache.get(key);
    if (due === undefined) {
      due = at(key);
      cache.set(key, due);
    }
    return due;
  };
}

function simulateSource(
  input: CapacityInput,
  plan: CapacityInput['sources'][number],
  members: FleetMember[],
  hung: Set<number>,
): SourceResult {
  const { rules } = input;
  const index = new Map(members.map((m, i) => [m.name, i]));
  const due = dueSchedule(input, plan.source, plan.intervalMinutes, members);
  // each source its own stream of draws, so simulating one source alone gives the same figures
  const random = seededRandom(input.seed + hashOf(plan.source));
  const intervalMs = plan.intervalMinutes * MINUTE_MS;
  const windowStart = input.warmupMinutes * MINUTE_MS;
  const endMs = (input.warmupMinutes + input.windowMinutes) * MINUTE_MS;
  const inWindow = (m: Message) => m.dueMs >= windowStart && m.dueMs < endMs;

  const events = new EventHeap<Event>();
  let seq = 0;
  for (let minute = 0; minute < input.warmupMinutes + input.windowMinutes; minute++) {
    events.push({ at: minute * MINUTE_MS, seq: seq++, kind: 'sample', minute });
    events.push({ at: minute * MINUTE_MS + input.dispatchDelayMs, seq: seq++, kind: 'dispatch', minute });
  }
  const fifo: Message[] = [];
  let head = 0;
  let visible = 0;
  let busy = 0;
  let token = 0;
  const windowMessages: Message[] = [];
  const delays: number[] = [];
  const series: number[] = [];
  const result = {
    dispatched: 0,
    runs: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    deadLettered: 0,
    expired: 0,
    duplicateReceives: 0,
    peakConcurrency: 0,
  };

  const runTime = (message: Message): { ms: number; ok: boolean } => {
    const local = plan.profile.localMs[Math.floor(random() * plan.profile.localMs.length)] ?? 0;
    if (hung.has(message.console)) {
      const hang =
        input.hang.runMs[Math.floor(random() * input.hang.runMs.length)] ?? rules.functionTimeoutMs;
      return { ms: local + hang, ok: false };
    }
    let ms = local;
    for (let r = 0; r < plan.profile.requests; r++)
      ms += lognormal(random, input.latency.medianMs, input.latency.sigma);
    return { ms, ok: true };
  };

  const receive = (now: number, message: Message) => {
    visible--;
    message.receives++;
    message.token = ++token;
    message.state = 'inflight';
    if (message.running > 0) result.duplicateReceives++;
    message.running++;
    if (!message.started) {
      message.started = true;
      if (inWindow(message)) delays.push(now - message.dueMs);
    }
    busy++;
    result.runs++;
    result.peakConcurrency = Math.max(result.peakConcurrency, busy);
    const run = runTime(message);
    const timedOut = run.ms >= rules.functionTimeoutMs;
    if (timedOut) result.timedOut++;
    const ms = Math.min(run.ms, rules.functionTimeoutMs);
    events.push({ at: now + ms, seq: seq++, kind: 'finish', message, token, ok: run.ok && !timedOut });
    // this receive's visibility timer: what brings a failed (or still running) message back
    events.push({ at: now + rules.visibilityTimeoutMs, seq: seq++, kind: 'visible', message, token });
  };

  const startRuns = (now: number) => {
    while (busy < rules.maxConcurrency && head < fifo.length) {
      const message = fifo[head++] as Message;
      if (message.state !== 'visible') continue;
      if (now - message.sentMs >= rules.retentionMs) {
        message.state = 'done';
        visible--;
        result.expired++;
        continue;
      }
      receive(now, message);
    }
    if (head > 65_536 && head * 2 > fifo.length) {
      fifo.splice(0, head);
      head = 0;
    }
  };

  for (let event = events.pop(); event !== undefined && event.at < endMs; event = events.pop()) {
    const now = event.at;
    switch (event.kind) {
      case 'sample':
        if (now >= windowStart) series.push(visible);
        continue;
      case 'dispatch':
        for (const name of due(event.minute)) {
          const message: Message = {
            console: index.get(name) ?? 0,
            dueMs: event.minute * MINUTE_MS,
            sentMs: now,
            receives: 0,
            token: 0,
            state: 'visible',
            running: 0,
            started: false,
          };
          result.dispatched++;
          if (inWindow(message)) windowMessages.push(message);
          fifo.push(message);
          visible++;
        }
        break;
      case 'finish': {
        busy--;
        const { message } = event;
        message.running--;
        if (!event.ok) result.failed++;
        else {
          result.succeeded++;
          // a success deletes the message, unless it was received again since (a stale receipt handle)
          if (message.token === event.token && message.state !== 'done') {
            if (message.state === 'visible') visible--;
            message.state = 'done';
          }
        }
        break;
      }
      case 'visible': {
        const { message } = event;
        if (message.state !== 'inflight' || message.token !== event.token) continue;
        if (message.receives >= rules.maxReceiveCount) {
          message.state = 'done';
          result.deadLettered++;
          continue;
        }
        message.state = 'visible';
        fifo.push(message);
        visible++;
        break;
      }
    }
    startRuns(now);
  }

  // the queue as the window ends, an hour after its first sample: the same phase of 5-, 15- and 60-minute schedules
  series.push(visible);
  // late: started an interval or more after its due minute, or not started though its interval is over
  const waiting = windowMessages.filter((m) => !m.started).map((m) => endMs - m.dueMs);
  const late = waiting.filter((w) => w >= intervalMs).length + delays.filter((d) => d >= intervalMs).length;
  const started = delays.length;
  const growing = (series.at(-1) ?? 0) > (series[0] ?? 0) * 1.1 + rules.maxConcurrency;
  delays.push(...waiting);
  delays.sort((a, b) => a - b);
  return {
    source: plan.source,
    intervalMinutes: plan.intervalMinutes,
    ...result,
    delayMs: {
      p50: quantile(delays, 0.5),
      p99: quantile(delays, 0.99),
      max: delays.at(-1) ?? 0,
      started,
      censored: waiting.length,
    },
    late,
    depth: {
      max: Math.max(0, ...series),
      mean: series.length === 0 ? 0 : series.reduce((a, b) => a + b, 0) / series.length,
      end: series.at(-1) ?? 0,
      series,
    },
    growing,
    keptOnInterval: late === 0 && !growing,
  };
}

/**
 * The largest fleet whose `source` stays on its interval (every message due in the window started
 * within it), by doubling then bisecting; assumes a larger fleet is never easier to keep.
 */
export function largestFleetOnInterval(
  input: CapacityInput,
  source: SourceName,
  ceiling = 1_000_000,
): number {
  const plan = input.sources.find((s) => s.source === source);
  if (plan === undefined) throw new Error(`no plan for ${source}`);
  const kept = (consoles: number) =>
    simulate({ ...input, consoles, sources: [plan] }).every((r) => r.keptOnInterval);
  let good = 0;
  let bad = 16;
  while (bad <= ceiling && kept(bad)) {
    good = bad;
    bad *= 2;
  }
  if (bad > ceiling) {
    if (kept(ceiling)) return ceiling;
    bad = ceiling;
  }
  while (bad - good > Math.max(1, Math.floor(good / 100))) {
    const mid = Math.floor((good + bad) / 2);
    if (kept(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

function hashOf(text: string): number {
  let h = 0;
  for (const c of text) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return h;
}
