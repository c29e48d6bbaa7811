import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPush, startLocalPush } from '#dev/push.ts';
import { fieldType } from '#scripts/kibana.ts';
import { ecsFields } from '#siem/elastic/fields.ts';
import {
  CUSTOM_FIELD_TYPES,
  DASHBOARD_ID,
  DATA_VIEW_ID,
  KIBANA_FILE,
  KIBANA_PANELS,
  kibanaSavedObjects,
  type Operation,
  panelFields,
} from '#siem/elastic/kibana.ts';
import { ROOT } from '../support/cli.ts';
import { localRun } from '../support/localRun.ts';

/**
 * The Kibana saved objects (siem/elastic/kibana/thinkst-canary.ndjson): the committed file is what
 * `npm run gen:kibana` makes; its objects reference one another correctly; and every field a panel
 * uses is an ECS field of a type its operation can read (from the ECS definitions generated from the
 * ECS repository), or one of our custom fields, and is in real ECS output with that type. It was not
 * loaded into a live Kibana here (none is reachable); docs/siem/elastic.md says so.
 */
type SavedObject = {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: Array<{ type: string; id: string; name: string }>;
};
const objects = () =>
  readFileSync(`${ROOT}/${KIBANA_FILE}`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as SavedObject);

let local: Awaited<ReturnType<typeof localRun>>;
let push: LocalPush | undefined;
let docs: Array<Record<string, unknown>>;

beforeAll(async () => {
  local = await localRun({
    simulator: { incidents: 400, auditEntries: 60, birds: 8, tokens: 10, seed: 3 },
    settings: { OUTPUT_FORMAT: 'ecs' },
  });
  push = await startLocalPush(local.stack);
  local.simulator.addIncidents(2, { logtype: 17000 });
  local.simulator.addAudit(3);
  await local.simulator.webhooks.settled();
  local.simulator.devices.setLive(local.simulator.devices.ids()[0] as string, false);
  for (const source of ['incidents', 'audit-trail', 'birds', 'tokens'] as const) await local.run(source);
  docs = local.records() as unknown as Array<Record<string, unknown>>;
}, 120_000);
afterAll(async () => {
  delete process.env.OUTPUT_FORMAT;
  await push?.stop();
  await local?.stop();
});

/** Every value of a dotted field in a document (arrays spread). */
function valuesOf(doc: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return [];
  // ECS documents nest objects; '@timestamp' and dotted names are keys at their level
  if (doc === null || typeof doc !== 'object') return [];
  const record = doc as Record<string, unknown>;
  if (path in record) return [record[path]].flat();
  const next = record[head];
  if (next === undefined) return [];
  if (rest.length === 0) return [next].flat();
  return [next].flat().flatMap((item) => valuesOf(item, rest.join('.')));
}

/** The Elasticsearch types an operation can read. */
const READS: Record<Operation, string[] | 'any'> = {
  count: 'any',
  unique_count: ['keyword', 'ip', 'long', 'boolean'],
  terms: ['keyword', 'ip', 'long', 'boolean'],
  date_histogram: ['date'],
  min: ['date', 'long'],
  max: ['date', 'long'],
  last_value: 'any',
};

describe('the Kibana dashboard (saved objects over the ECS output)', () => {
  it('is what npm run gen:kibana makes from siem/elastic/kibana.ts', () => {
    expect(readFileSync(`${ROOT}/${KIBANA_FILE}`, 'utf8')).toBe(kibanaSavedObjects(fieldType));
  });

  it('holds a data view, a Lens visualization per panel and the dashboard, each reference resolved', () => {
    const all = objects();
    expect(all.map((o) => o.type)).toEqual([
      'index-pattern',
      ...KIBANA_PANELS.map(() => 'lens'),
      'dashboard',
    ]);
    expect(new Set(all.map((o) => o.id)).size).toBe(all.length);
    const byId = new Map(all.map((o) => [o.id, o]));
    for (const lens of all.filter((o) => o.type === 'lens')) {
      expect(lens.references).toEqual([
        { type: 'index-pattern', id: DATA_VIEW_ID, name: 'indexpattern-datasource-layer-layer' },
      ]);
    }
    const dashboard = byId.get(DASHBOARD_ID) as SavedObject;
    const panels = JSON.parse(String(dashboard.attributes.panelsJSON)) as Array<{
      panelRefName: string;
      gridData: { x: number; w: number };
    }>;
    expect(panels).toHaveLength(KIBANA_PANELS.length);
    for (const panel of panels) {
      const reference = dashboard.references.find((r) => r.name === panel.panelRefName);
      expect(reference, panel.panelRefName).toBeDefined();
      expect(byId.get(reference?.id as string)?.type).toBe('lens');
      expect(panel.gridData.x + panel.gridData.w).toBeLessThanOrEqual(48);
    }
  });

  it('reads only ECS fields of a type each operation can use, or our custom fields', () => {
    const ecs = ecsFields().fields;
    const problems: string[] = [];
    for (const panel of KIBANA_PANELS) {
      for (const column of panel.columns) {
        if (column.field === undefined) continue;
        const type = ecs[column.field]?.type ?? CUSTOM_FIELD_TYPES[column.field];
        const reads = READS[column.operation];
        if (type === undefined) problems.push(`${panel.id}: ${column.field} is not an ECS field`);
        else if (reads !== 'any' && !reads.includes(type))
          problems.push(`${panel.id}: ${column.operation} of ${column.field} (${type})`);
      }
      for (const field of panelFields(panel)) {
        if (ecs[field] === undefined && CUSTOM_FIELD_TYPES[field] === undefined)
          problems.push(`${panel.id}: ${field} unknown`);
        if (field.startsWith('thinkst_canary.') === (ecs[field] !== undefined))
          problems.push(`${panel.id}: ${field} in the wrong namespace`);
      }
      // the values a query asks of a field with allowed values are allowed ones
      for (const [, field, values] of panel.query.matchAll(/([\w.]+) : \(?("[^)]*"|"[^"]*")\)?/g)) {
        const allowed = ecs[field as string]?.allowed;
        if (allowed === undefined) continue;
        for (const [, value] of (values as string).matchAll(/"([^"]+)"/g)) {
          if (!((value as string) in allowed))
            problems.push(`${panel.id}: ${field} : "${value}" is not an allowed value`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds every field it reads in real ECS output, with the type it expects', () => {
    const datasets = new Set(docs.flatMap((doc) => valuesOf(doc, 'event.dataset')));
    for (const panel of KIBANA_PANELS) {
      // the datasets a panel's query names are ones the collector writes (pushed ones included)
      for (const [, dataset] of panel.query.matchAll(/"(thinkst_canary\.[a-z_]+)"/g)) {
        expect(datasets, `${panel.id}: ${dataset}`).toContain(dataset);
      }
      for (const field of panelFields(panel)) {
        const values = docs.flatMap((doc) => valuesOf(doc, field));
        expect(values.length, `${panel.id}: ${field} in real output`).toBeGreaterThan(0);
        const type = ecsFields().fields[field]?.type ?? CUSTOM_FIELD_TYPES[field];
        const wrong = values.filter((value) =>
          type === 'boolean'
            ? typeof value !== 'boolean'
            : type === 'long'
              ? !Number.isInteger(value)
              : type === 'date'
                ? typeof value !== 'string' || Number.isNaN(Date.parse(value))
                : typeof value !== 'string',
        );
        expect(wrong, `${panel.id}: ${field} (${type})`).toEqual([]);
      }
    }
  });
});
