import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { customTypeClashes, ecsProblems } from '#siem/elastic/check.ts';
import { ecsFields } from '#siem/elastic/fields.ts';
import { everyKindOfRecord, LIVES } from '../support/formatRun.ts';

/**
 * Every document the simulator's data produces in the ECS format, through the real handlers of all
 * four sources, flattened and not, checked against the ECS field definitions generated from the ECS
 * repository (names, types, arrays, allowed values, category/type pairs), with the custom namespace
 * free of type clashes, and with no auth token, token secret or attacker password in the output.
 */
const ecs = ecsFields();
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.OUTPUT_FORMAT;
  delete process.env.OUTPUT_FLATTEN;
});

type Doc = Record<string, unknown> & { event: { id: string; dataset: string; kind: string } };

/** Every string value under a key named like a password in the raw incidents the simulator serves. */
function passwords(incidents: unknown[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (/^(PASSWORD|PASSWD|PASS|password)$/.test(key) && typeof inner === 'string' && inner.length >= 6)
          found.add(inner);
        walk(inner);
      }
  };
  walk(incidents);
  return [...found];
}

describe('ECS output, end to end', () => {
  it.each(LIVES)(
    'every document of every source is valid ECS %s (%s)',
    async (_label, flatten, incidents) => {
      const local = await everyKindOfRecord('ecs', flatten, incidents);
      stops.push(local.stop);

      const docs = local.records() as unknown as Doc[];
      expect(docs.length).toBeGreaterThan(incidents + 300 + 20);
      const problems = docs.flatMap((doc) => ecsProblems(doc, ecs).map((p) => `${doc.event.dataset}: ${p}`));
      expect([...new Set(problems)]).toEqual([]);
      expect(customTypeClashes(docs)).toEqual([]);
      expect(new Set(docs.map((d) => d.event.id)).size).toBe(docs.length);
      for (const doc of docs) expect(doc.event.id).toMatch(/^[0-9a-f]{32}$/);
      const datasets = new Set(docs.map((d) => d.event.dataset));
      for (const source of ['incident', 'audit', 'bird', 'bird_change', 'token'])
        expect(datasets).toContain(`thinkst_canary.${source}`);
      if (flatten === 'true') expect(datasets).toContain('thinkst_canary.incident_event');
      expect(docs.some((d) => d.event.kind === 'alert')).toBe(true);

      // nothing secret leaves: the console's token, the tokens' secrets, the attackers' passwords
      const text = readFileSync(local.outFile, 'utf8');
      expect(text).not.toContain(local.simulator.options.authToken);
      for (const token of local.simulator.tokens.list())
        for (const field of ['factory_auth', 'secret_access_key', 'wg_private_key', 'kubeconfig', 'key'])
          if (typeof token[field] === 'string' && (token[field] as string).length > 8)
            expect(text).not.toContain(token[field]);
      const raw = Array.from({ length: local.simulator.store.count }, (_, i) =>
        local.simulator.store.render(i),
      );
      const typed = passwords(raw);
      expect(typed.length).toBeGreaterThan(5);
      expect(typed.filter((password) => text.includes(password))).toEqual([]);
    },
  );
});
