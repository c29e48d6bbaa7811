import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '#fakes/simulator/catalogue.ts';
import { describeLogtype, LOGTYPES } from '#lib/output/shared/logtypes.ts';

/**
 * Every logtype of the incident object catalogue (seed 004) must be in the code. The numbers are kept
 * in a fixture; where the seed itself is at hand (beside the repository, as in CI), the fixture is
 * checked against it, so a logtype added to the seed fails this test until the code has it.
 */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/seed-logtypes.json', import.meta.url), 'utf8'),
) as number[];
const seed = new URL('../../../../shared/seeds/004_2d2bf93089e69d28.txt', import.meta.url);

function logtypesInSeed(text: string): number[] {
  const numbers = new Set<number>();
  for (const match of text.matchAll(/<LOGTYPE>\s*=\s*"([^"]+)"/g)) {
    for (const n of (match[1] ?? '').match(/\d+/g) ?? []) numbers.add(Number(n));
  }
  for (const match of text.matchAll(/^(?:LOGTYPE\s+)?(\d{4,5})\s*-\s*.+$/gm)) numbers.add(Number(match[1]));
  return [...numbers].sort((a, b) => a - b);
}

describe('logtype catalogue', () => {
  it.runIf(existsSync(seed))('the fixture holds exactly the logtypes of the seed', () => {
    expect(fixture).toEqual(logtypesInSeed(readFileSync(seed, 'utf8')));
  });

  it('has every logtype of the seed, each with a name, a family, a category and a severity', () => {
    expect(fixture.length).toBeGreaterThan(80);
    const missing = fixture.filter((logtype) => !LOGTYPES.has(logtype));
    expect(missing).toEqual([]);
    for (const entry of LOGTYPES.values()) {
      expect(entry.name.length).toBeGreaterThan(3);
      expect(['attack', 'operational']).toContain(entry.category);
    }
  });

  it('marks the operational logtypes as such, with low severities', () => {
    for (const logtype of [1004, 22011, 23001, 23002, 23003]) {
      expect(describeLogtype(String(logtype))).toMatchObject({ category: 'operational', known: true });
      expect(['informational', 'low']).toContain(describeLogtype(logtype).severity);
    }
    expect(describeLogtype('17005')).toMatchObject({
      family: 'canarytoken-http',
      category: 'attack',
      severity: 'critical',
    });
  });

  it('lets an unknown logtype through, marked unknown', () => {
    expect(describeLogtype('99001')).toMatchObject({
      logtype: 99001,
      known: false,
      family: 'unknown',
      name: 'Unknown logtype 99001',
    });
  });

  it('knows every logtype the simulator produces', () => {
    expect(KINDS.flatMap((kind) => kind.logtypes).filter((logtype) => !LOGTYPES.has(logtype))).toEqual([]);
  });
});
