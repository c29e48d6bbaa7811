import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, VARIANTS } from '#fakes/simulator/variants.ts';
import { CONSOLE_API_DOC, consoleApiDoc } from '#scripts/consoleApi.ts';

describe('docs/console-api.md', () => {
  it('holds the reply-variant table the simulator serves (npm run docs:api rewrites it)', () => {
    const committed = readFileSync(CONSOLE_API_DOC, 'utf8');
    expect(committed).toBe(consoleApiDoc(committed));
  });

  it('names, for every variant, where it was seen and how it is handled, and covers every endpoint', () => {
    for (const v of VARIANTS) {
      expect(v.seen, v.id).toMatch(/(observed|defended)/);
      expect(v.seen, v.id).toMatch(/[\w.-]+\/[\w.-]+:/);
      expect(v.handled.length, v.id).toBeGreaterThan(10);
    }
    expect(new Set(VARIANTS.map((v) => v.id)).size).toBe(VARIANTS.length);
    for (const endpoint of ENDPOINTS) expect(VARIANTS.some((v) => v.endpoints.includes(endpoint))).toBe(true);
  });
});
