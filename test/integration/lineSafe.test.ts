import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalPush } from '#dev/push.ts';
import { localRun } from '../support/localRun.ts';

/**
 * Canary text with U+2028, U+2029 and U+0085 in it, polled (an incident, an audit entry) and pushed
 * (the incident's webhook through the real receiver over HTTP), in every format: each record is one
 * line however a reader splits lines, and JSON.parse gives the text back as the console sent it.
 */
const TEXT = 'line\u2028separator\u2029paragraph\u0085next line';
const BREAKS = /[\u2028\u2029\u0085]/;

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

/** Every string in `value`, the JSON text ECS keeps the Canary object in read as JSON too. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    if (!value.startsWith('{')) return [value];
    try {
      return [value, ...strings(JSON.parse(value))];
    } catch {
      return [value];
    }
  }
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('records with Unicode line separators in Canary text', () => {
  it.each([
    ['native', { OUTPUT_FORMAT: 'native' }],
    ['ocsf', { OUTPUT_FORMAT: 'ocsf' }],
    ['ecs', { OUTPUT_FORMAT: 'ecs' }],
    ['native in the Splunk HEC envelope', { OUTPUT_FORMAT: 'native', OUTPUT_ENVELOPE: 'splunk-hec' }],
  ])('are one line each and parse back identical (%s)', async (_label, settings) => {
    const local = await localRun({ simulator: { incidents: 3, auditEntries: 2 }, settings });
    const push = await startLocalPush(local.stack);
    stops.push(local.stop, push.stop);
    const sim = local.simulator;
    await sim.webhooks.settled();
    sim.addIncidents(1, { logtype: 4002, fields: { description: { src_host_reverse: TEXT } } });
    sim.audit.add(1, { message: TEXT });
    await sim.webhooks.settled();
    await local.run('incidents');
    await local.run('audit-trail');

    const text = readFileSync(local.outFile, 'utf8');
    expect(BREAKS.test(text)).toBe(false);
    const lines = text.split('\n').filter((line) => line !== '');
    // a reader that also ends lines at U+2028, U+2029 and U+0085 sees the same lines
    expect(text.split(/\n|\u2028|\u2029|\u0085/).filter((line) => line !== '')).toEqual(lines);
    const records = lines.map((line) => JSON.parse(line) as unknown);
    const carrying = records.filter((record) => strings(record).some((s) => s.includes(TEXT)));
    // the polled incident, its pushed alert, and the audit entry
    expect(carrying.length).toBeGreaterThanOrEqual(3);
    const sources = carrying.map(
      (record) => JSON.stringify(record).match(/canary:(incident|alert|audit)\b/)?.[1],
    );
    expect(new Set(sources)).toEqual(new Set(['incident', 'alert', 'audit']));
  });
});
