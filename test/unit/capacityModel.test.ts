import { describe, expect, it } from 'vitest';
import { hungRunSeconds } from '#infra/config/capacity.ts';
import { dueConsoles } from '#lib/core/fleet.ts';
import { hungRunTimes } from '../../bench/capacity/hang.ts';
import { type CapacityInput, type Dispatch, simulate } from '../../bench/capacity/model.ts';
import { stackSettings } from '../../bench/capacity/stack.ts';

const defaults = stackSettings();

/** A small fleet on the stack's rules, incidents only, with runs of about a second. */
function input(overrides: Partial<CapacityInput> = {}): CapacityInput {
  return {
    consoles: 200,
    sources: [
      { source: 'incidents', intervalMinutes: 5, profile: { localMs: [150, 200, 400], requests: 1 } },
    ],
    rules: defaults.rules,
    latency: { medianMs: 200, sigma: 0.5 },
    hang: { share: 0.05, runMs: [78_000] },
    warmupMinutes: 10,
    windowMinutes: 30,
    dispatchDelayMs: 1_000,
    startEpochMinute: 29_000_000,
    seed: 7,
    ...overrides,
  };
}

/** The real schedule without its spread: every console due in the same minute of its interval. */
const unspread: Dispatch = (members, source, sourceDefaults, minute) =>
  dueConsoles(
    members.map((m) => ({ ...m, name: 'same-offset' })),
    source,
    sourceDefaults,
    minute,
  ).length > 0
    ? members.map((m) => m.name)
    : [];

describe('the fleet capacity model', () => {
  it('gives the same result for the same input', () => {
    expect(simulate(input())).toEqual(simulate(input()));
  });

  it('replays the real dueConsoles by default, and a changed spread changes its result', () => {
    const light = { hang: { share: 0, runMs: [0] } };
    const real = simulate(input(light));
    expect(simulate(input({ ...light, dispatch: dueConsoles }))).toEqual(real);
    const clumped = simulate(input({ ...light, dispatch: unspread }));
    expect(clumped[0]?.dispatched).toBe(real[0]?.dispatched);
    // all 200 due in one minute wait behind each other for the 10 slots; spread over five minutes, 40 a minute hardly wait
    expect(clumped[0]?.delayMs.p99).toBeGreaterThan((real[0]?.delayMs.p99 ?? 0) * 2);
    expect(clumped[0]?.delayMs.max).toBeGreaterThan((real[0]?.delayMs.max ?? 0) * 2);
  });

  it('refuses a dispatch that does not repeat every interval (its answers could not be reused)', () => {
    const drifting: Dispatch = (members, _source, _defaults, minute) =>
      members.slice(0, (minute % 7) + 1).map((m) => m.name);
    expect(() => simulate(input({ dispatch: drifting }))).toThrow(/not periodic/);
  });

  it('sends a message to the dead-letter queue after maxReceiveCount receives, each a visibility timeout apart', () => {
    // every console hangs; one dispatch at the first minute (the interval is longer than the run)
    const once: Dispatch = (members, _source, _defaults, minute) =>
      minute === 29_000_000 ? members.map((m) => m.name) : [];
    const [result] = simulate(
      input({
        consoles: 20,
        sources: [{ source: 'tokens', intervalMinutes: 1440, profile: { localMs: [100], requests: 1 } }],
        rules: { ...defaults.rules, visibilityTimeoutMs: 120_000, maxReceiveCount: 3 },
        hang: { share: 1, runMs: [78_000] },
        dispatch: once,
        warmupMinutes: 0,
        windowMinutes: 30,
      }),
    );
    expect(result).toMatchObject({ dispatched: 20, runs: 60, failed: 60, succeeded: 0, deadLettered: 20 });
  });

  it('never runs more than maxConcurrency at once, however long the queue', () => {
    for (const maxConcurrency of [2, 3, 10]) {
      const [result] = simulate(
        input({
          consoles: 2_000,
          rules: { ...defaults.rules, maxConcurrency },
          hang: { share: 0.2, runMs: [78_000] },
        }),
      );
      expect(result?.peakConcurrency).toBe(maxConcurrency);
      expect(result?.keptOnInterval).toBe(false);
    }
  });

  it('receives a message again while its run outlives the visibility timeout, and stops a run at the function timeout', () => {
    const [result] = simulate(
      input({
        consoles: 10,
        rules: { ...defaults.rules, visibilityTimeoutMs: 30_000, functionTimeoutMs: 50_000 },
        sources: [{ source: 'incidents', intervalMinutes: 5, profile: { localMs: [45_000], requests: 0 } }],
        hang: { share: 0, runMs: [0] },
      }),
    );
    expect(result?.duplicateReceives).toBeGreaterThan(0);
    const [stopped] = simulate(
      input({
        consoles: 10,
        sources: [{ source: 'incidents', intervalMinutes: 5, profile: { localMs: [400_000], requests: 0 } }],
        hang: { share: 0, runMs: [0] },
      }),
    );
    expect(stopped?.timedOut).toBe(stopped?.runs);
    expect(stopped?.succeeded).toBe(0);
  });

  it('keeps a light fleet on its interval, and the formula’s hung run is the real client’s', async () => {
    expect(simulate(input({ consoles: 50 })).every((r) => r.keptOnInterval)).toBe(true);
    const times = await hungRunTimes(defaults.client, 100, 3);
    const mean = times.reduce((a, b) => a + b, 0) / times.length / 1000;
    expect(Math.abs(mean - hungRunSeconds()) / hungRunSeconds()).toBeLessThan(0.05);
  });
});
