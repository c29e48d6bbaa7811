import { writeFileSync } from 'node:fs';
import { addOddObjects } from '#fakes/simulator/oddTimes.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { auditWebhook, incidentWebhook, TEST_WEBHOOK } from '#fakes/simulator/webhooks.ts';
import type { Incident } from '#lib/canary/schemas.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { auditRecords } from '#lib/output/native/audit.ts';
import { birdRecords } from '#lib/output/native/bird.ts';
import { FIELD_DOCS } from '#lib/output/native/fieldDocs.ts';
import { flattenedIncidentRecords } from '#lib/output/native/flatten.ts';
import { incidentRecords } from '#lib/output/native/incident.ts';
import { tokenRecords } from '#lib/output/native/token.ts';
import { LOGTYPES } from '#lib/output/shared/logtypes.ts';
import { PART_TARGET_BYTES } from '#lib/output/shared/split.ts';
import { readWebhook } from '#lib/push/payload.ts';
import { pushedRecord } from '#lib/push/records.ts';
import { columnsOf, NATIVE_TABLES_FILE, TABLES } from '#siem/athena/tables.ts';

/** Records of every kind from a full simulator data set, through the real normalizers (parts cut to `partBytes`). */
export function sampleRecords(options: { partBytes?: number } = {}): OutputRecord[] {
  const cut = { credentials: { mode: 'mask' as const }, partBytes: options.partBytes ?? PART_TARGET_BYTES };
  const at = '2026-11-22T00:00:00.000Z';
  const atSeconds = Date.parse(at) / 1000;
  // a fixed clock: birds' last_seen and new incidents' times are the same on every run
  const sim = new CanarySimulator({ incidents: 2000, seed: 9, now: () => atSeconds });
  // oversized incidents: one split into parts, one with an event that travels in fragments
  sim.store.add(1, { logtype: 4002, events: 4, eventBytes: 400_000 });
  sim.store.add(1, { logtype: 4002, events: 1, eventBytes: 1_200_000 });
  // the console's test incident, which the simulator's random mix never makes
  sim.store.add(1, { logtype: 111111 });
  // every logtype of the catalogue at least once: token logtypes follow the inventory's token kinds,
  // so the random mix alone does not reach each of them
  for (const logtype of LOGTYPES.keys()) sim.store.add(1, { logtype });
  // objects with times that do not read (they carry time_fallback)
  const odd = addOddObjects(sim);
  const incidents = Array.from(
    { length: sim.store.count },
    (_, i) => sim.store.render(i) as unknown as Incident,
  );
  const devices = sim.devices.list() as Array<{ id: string }>;
  return [
    ...incidentRecords('c', incidents, at, cut),
    ...flattenedIncidentRecords(
      'c',
      incidents.map((incident) => ({ incident, newEventsFrom: 0 })),
      at,
      cut,
    ),
    ...auditRecords(
      'c',
      [...Array.from({ length: 40 }, (_, i) => i + 1), ...odd.auditIds].map(
        (id) => sim.audit.render(id) as never,
      ),
      at,
    ),
    ...birdRecords(
      'c',
      devices.map((device) => ({ kind: 'bird' as const, snapshotAt: Date.parse(at), device })),
      at,
    ),
    ...birdRecords(
      'c',
      [
        { kind: 'change', change: 'offline', snapshotAt: Date.parse(at), device: devices[0] as never },
      ] as never,
      at,
    ),
    ...tokenRecords(
      'c',
      sim.tokens.list().map((token) => ({ token, snapshotAt: Date.parse(at) })),
      at,
    ),
    ...pushedSamples(sim, at),
  ];
}

/**
 * What the push receiver makes of the simulator's webhooks: an `alert` for the first incident of each
 * logtype (alerting, as the first to tell it), the console's test webhook, and `audit_push` entries.
 */
function pushedSamples(sim: CanarySimulator, at: string): OutputRecord[] {
  const firstOfEach = new Map<string, number>();
  for (let i = 0; i < sim.store.count; i++) {
    const logtype = String((sim.store.render(i).description as { logtype: unknown }).logtype);
    if (!firstOfEach.has(logtype)) firstOfEach.set(logtype, i);
  }
  const bodies = [
    ...[...firstOfEach.values()].map((i) => incidentWebhook(sim.store.render(i))),
    TEST_WEBHOOK(Date.parse(at)),
    ...Array.from({ length: 5 }, (_, i) => auditWebhook(sim.audit.render(i + 1))),
  ];
  return bodies.map((body) => {
    const read = readWebhook(body);
    if (!read.ok) throw new Error(`a simulator webhook the receiver refuses: ${read.problems}`);
    return pushedRecord('c', read.webhook, at, { credentials: { mode: 'mask' }, alert: true });
  });
}

/** Field path → the sources it appears in and the JSON types seen. */
export function fieldsOf(records: OutputRecord[]): Map<string, { sources: Set<string>; types: Set<string> }> {
  const fields = new Map<string, { sources: Set<string>; types: Set<string> }>();
  const note = (path: string, source: string, value: unknown) => {
    const entry = fields.get(path) ?? { sources: new Set(), types: new Set() };
    entry.sources.add(source);
    entry.types.add(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
    fields.set(path, entry);
  };
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (key === 'normalized' && value !== null && typeof value === 'object') {
        for (const [inner, v] of Object.entries(value)) note(`normalized.${inner}`, record.source, v);
      } else note(key, record.source, value);
    }
  }
  return fields;
}

export function fieldDictionary(): string {
  const fields = fieldsOf(sampleRecords());
  const rows = [...fields.entries()].map(
    ([path, { sources, types }]) =>
      `| \`${path}\` | ${[...types].sort().join(', ')} | ${[...sources].sort().join(', ')} | ${FIELD_DOCS[path] ?? '**undocumented**'} |`,
  );
  const logtypes = [...LOGTYPES.values()]
    .sort((a, b) => a.logtype - b.logtype)
    .map((l) => `| ${l.logtype} | ${l.name} | ${l.family} | ${l.category} | ${l.severity} |`);
  return [
    '# Field dictionary (native format)',
    '',
    'Generated by `npm run docs:fields` from the normalizers’ real output over the simulator’s full data',
    'set, the field meanings in `functions/lib/output/fieldDocs.ts` and the logtype catalogue; a test fails',
    'when the code and this page disagree.',
    '',
    '| field | JSON types | sources | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Incident logtypes',
    '',
    '| logtype | name | family | category | severity |',
    '| --- | --- | --- | --- | --- |',
    ...logtypes,
    '',
  ].join('\n');
}

/** The Glue columns of each native table, as `siem/athena/tables.json` holds them. */
export function nativeTableColumns(): string {
  const records = sampleRecords() as unknown as Array<Record<string, unknown>>;
  const tables = Object.fromEntries(
    TABLES.map((table) => [table, columnsOf(records.filter((record) => record.source === table))]),
  );
  // A pushed alert has the incident's normalized view, some of it always null (the webhook lacks
  // it): its column gets the incident's struct type, so the two tables read alike.
  const incidentView = tables.incident?.find((c) => c.name === 'normalized');
  tables.alert = (tables.alert ?? []).map((c) =>
    c.name === 'normalized' && incidentView !== undefined ? incidentView : c,
  );
  return `${JSON.stringify(tables, null, 1)}\n`;
}

if (process.argv[1]?.endsWith('fields.ts')) {
  writeFileSync('docs/fields.md', fieldDictionary());
  writeFileSync(NATIVE_TABLES_FILE, nativeTableColumns());
  process.stdout.write(`docs/fields.md and ${NATIVE_TABLES_FILE} written\n`);
}
