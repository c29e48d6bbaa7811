import { describe, expect, it } from 'vitest';
import { dueConsoles, type FleetMember } from '#lib/core/fleet.ts';

const fleet = (n: number, extra: Partial<FleetMember> = {}): FleetMember[] =>
  Array.from({ length: n }, (_, i) => ({ name: `console-${i}`, paused: false, sources: {}, ...extra }));
const defaults = { enabled: true, intervalMinutes: 5 };
const START = 29_530_000; // a minute in 2026

describe('which consoles run when', () => {
  it('runs every console exactly once per interval, whatever minute the count starts', () => {
    const members = fleet(1000);
    for (const start of [START, START + 1, START + 3]) {
      const runs = new Map<string, number>();
      for (let minute = start; minute < start + 5; minute++)
        for (const name of dueConsoles(members, 'incidents', defaults, minute))
          runs.set(name, (runs.get(name) ?? 0) + 1);
      expect(runs.size).toBe(1000);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
    }
  });

  it('spreads a thousand consoles evenly over the interval, not all at :00', () => {
    const perMinute = Array.from(
      { length: 5 },
      (_, i) => dueConsoles(fleet(1000), 'incidents', defaults, START + i).length,
    );
    expect(perMinute.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const count of perMinute) expect(count).toBeGreaterThan(150);
    for (const count of perMinute) expect(count).toBeLessThan(250);
  });

  it('skips paused consoles and disabled sources, and honours a console’s own interval', () => {
    const members: FleetMember[] = [
      { name: 'paused', paused: true, sources: {} },
      { name: 'no-tokens', paused: false, sources: { tokens: { enabled: false } } },
      { name: 'fast', paused: false, sources: { incidents: { intervalMinutes: 1 } } },
    ];
    const minutes = Array.from({ length: 60 }, (_, i) => START + i);
    const count = (name: string, source: 'incidents' | 'tokens', interval: number) =>
      minutes.filter((m) =>
        dueConsoles(members, source, { enabled: true, intervalMinutes: interval }, m).includes(name),
      ).length;
    expect(count('paused', 'incidents', 5)).toBe(0);
    expect(count('no-tokens', 'tokens', 60)).toBe(0);
    expect(count('no-tokens', 'incidents', 5)).toBe(12);
    expect(count('fast', 'incidents', 5)).toBe(60);
  });
});
