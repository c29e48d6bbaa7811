import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCSF_VERSION } from '#lib/output/ocsf/base.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { parquetReady } from '#lib/output/ocsf/parquet.ts';
import { LOGTYPES } from '#lib/output/shared/logtypes.ts';
import { sampleRecords } from '#scripts/fields.ts';
import { rows } from '#siem/athena/engine.ts';
import { misfits, parseGlueType, tableType } from '#siem/glue.ts';
import { duckdbOverClasses, securityLakeQueries } from '#siem/securitylake/engine.ts';
import { OCSF_CLASS_TABLES, ocsfGlueSchemas } from '#siem/securitylake/schemas.ts';
import { localRun } from '../support/localRun.ts';

const schemas = ocsfGlueSchemas();
const tables = new Map(
  Object.entries(schemas.classes).map(([uid, c]) => [Number(uid), tableType(c.columns)]),
);
const streams = Object.fromEntries(OCSF_CLASS_TABLES.map((c) => [String(c.classUid), `lake-${c.classUid}`]));

describe('the generated OCSF Glue schemas', () => {
  it('are the classes the collector emits, at the OCSF version it declares, with their source named', () => {
    expect(schemas.version).toBe(OCSF_VERSION);
    expect(schemas.repository).toBe('https://github.com/ocsf/ocsf-schema');
    expect(schemas.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(schemas.regenerate).toContain('npm run gen:ocsf');
    expect(Object.keys(schemas.classes).sort()).toEqual(
      OCSF_CLASS_TABLES.map((c) => String(c.classUid)).sort(),
    );
    for (const c of OCSF_CLASS_TABLES) expect(schemas.classes[String(c.classUid)]?.name).toBe(c.name);
    // every column type parses; the required OCSF attributes are there
    for (const { columns } of Object.values(schemas.classes)) {
      for (const column of columns) expect(() => parseGlueType(column.type), column.name).not.toThrow();
      const names = columns.map((c) => c.name);
      for (const required of [
        'class_uid',
        'activity_id',
        'category_uid',
        'severity_id',
        'time',
        'type_uid',
        'metadata',
      ])
        expect(names).toContain(required);
    }
  });

  it('catch what Firehose would divert: an unknown field, a wrong type, an object where a map of strings is', () => {
    const table = tables.get(2004);
    if (table === undefined) throw new Error('no 2004');
    expect(misfits({ class_uid: 2004, time: 1 }, table, '')).toEqual([]);
    expect(misfits({ not_ocsf: 1 }, table, '')).toEqual(['.not_ocsf: not in the schema']);
    expect(misfits({ time: 'yesterday' }, table, '')).toEqual(['.time: "yesterday" is not a bigint']);
    expect(misfits({ metadata: { product: { nmae: 'x' } } }, table, '')).toEqual([
      '.metadata.product.nmae: not in the schema',
    ]);
    expect(misfits({ unmapped: { canary: { id: 1 } } }, table, '')).toEqual([
      '.unmapped.canary: a object where a string is expected',
    ]);
    expect(misfits(parquetReady({ unmapped: { canary: { id: 1 } } }), table, '')).toEqual([]);
  });

  it('fit every OCSF record of the full simulator data set, every logtype included', () => {
    const records = sampleRecords();
    const events = records.map((record) => parquetReady(toOcsf(record)));
    const problems = new Map<string, number>();
    for (const event of events) {
      const table = tables.get(event.class_uid as number);
      if (table === undefined) throw new Error(`no table for ${String(event.class_uid)}`);
      for (const p of misfits(event, table, String(event.class_uid)))
        problems.set(p.replace(/\[\d+\]/g, '[]'), (problems.get(p) ?? 0) + 1);
    }
    expect([...problems]).toEqual([]);
    expect(events.length).toBeGreaterThan(15_000);
    const logtypes = new Set(records.map((r) => (r as { logtype?: number }).logtype));
    const missing = [...LOGTYPES.keys()].filter((logtype) => !logtypes.has(logtype));
    expect(missing).toEqual([]);
  });
});

describe('Security Lake delivery: each class to its own stream (real handlers, emulator, real SDK)', () => {
  let local: Awaited<ReturnType<typeof localRun>>;
  beforeAll(async () => {
    local = await localRun({
      simulator: { incidents: 400, auditEntries: 120, birds: 12, tokens: 20, seed: 33 },
      settings: { OUTPUT_FORMAT: 'ocsf' },
      streamsByClass: streams,
    });
    // one address sweeping several Canaries
    local.simulator.store.add(6, { logtype: 4002, src: '203.0.113.7' });
    for (const source of ['incidents', 'audit-trail', 'birds', 'tokens'] as const) {
      const summary = await local.run(source);
      expect(summary.status, source).toBe('completed');
    }
  });
  afterAll(async () => {
    delete process.env.OUTPUT_FORMAT;
    await local?.stop();
  });

  const delivered = (classUid: number) =>
    readFileSync(join(local.stack.firehose.outDir, `lake-${classUid}.ndjson`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown> & { class_uid: number });

  const classFiles = () =>
    Object.fromEntries(
      OCSF_CLASS_TABLES.map((c) => [
        c.classUid,
        join(local.stack.firehose.outDir, `lake-${c.classUid}.ndjson`),
      ]),
    );

  it('puts every event on its class’s stream only, each one fitting that stream’s table', () => {
    let total = 0;
    for (const c of OCSF_CLASS_TABLES) {
      const events = delivered(c.classUid);
      total += events.length;
      expect(events.length, c.name).toBeGreaterThan(0);
      expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([c.classUid]));
      const table = tables.get(c.classUid);
      if (table === undefined) throw new Error('no table');
      expect(events.flatMap((e) => misfits(e, table, ''))).toEqual([]);
      for (const e of events)
        for (const value of Object.values((e.unmapped ?? {}) as Record<string, unknown>))
          expect(typeof value).toBe('string');
    }
    expect(total).toBe(local.stack.firehose.accepted);
  });

  it('runs the shipped Security Lake queries on the Glue schema, with the answers the events give', async () => {
    const connection = await duckdbOverClasses(classFiles());
    const run = async (name: string) => {
      const query = securityLakeQueries().find((q) => q.name === name);
      if (query === undefined) throw new Error(`no query ${name}`);
      return rows(connection, query.sql);
    };
    type Finding = {
      is_alert: boolean;
      activity_id: number;
      finding_info: { uid: string; types: string[] };
      evidences: Array<{ src_endpoint: { ip: string } }>;
      resources: Array<{ uid: string }>;
    };
    const findings = delivered(2004) as unknown as Finding[];
    const alerts = findings.filter((f) => f.is_alert && f.activity_id === 1);
    expect(alerts.length).toBeGreaterThan(100);
    expect((await run('alerts')).map((r) => r.incident_id).sort()).toEqual(
      alerts.map((f) => f.finding_info.uid).sort(),
    );
    const canaries = new Map<string, Set<string>>();
    for (const f of findings.filter(
      (f) => f.is_alert && !String(f.finding_info.types[0]).startsWith('canarytoken'),
    )) {
      const ip = f.evidences[0]?.src_endpoint.ip as string;
      canaries.set(ip, (canaries.get(ip) ?? new Set()).add(f.resources[0]?.uid as string));
    }
    const expected = [...canaries].filter(([, set]) => set.size >= 2).map(([ip, set]) => [ip, set.size]);
    expect(expected.map(([ip]) => ip)).toContain('203.0.113.7');
    expect((await run('one_source_many_canaries')).map((r) => [r.src_ip, Number(r.canaries)])).toEqual(
      expect.arrayContaining(expected),
    );
    expect(await run('one_source_many_canaries')).toHaveLength(expected.length);
    const logins = await run('console_logins');
    expect(logins.length).toBe(delivered(3002).length);
    expect(logins.every((r) => typeof r.user_name === 'string' && typeof r.src_ip === 'string')).toBe(true);
    connection.closeSync();
  });

  it('writes every event as Parquet with its class schema, and reads back as many rows', async () => {
    const connection = await duckdbOverClasses(classFiles());
    for (const c of OCSF_CLASS_TABLES) {
      const parquet = join(local.stack.firehose.outDir, `${c.name}.parquet`);
      await connection.run(`COPY ocsf_${c.name} TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
      const [count] = await rows(connection, `SELECT count(*) AS n FROM read_parquet('${parquet}')`);
      expect(Number(count?.n), c.name).toBe(delivered(c.classUid).length);
    }
    connection.closeSync();
  });

  it('delivers each incident once: the findings are the incidents', () => {
    const findings = delivered(2004);
    expect(new Set(findings.map((f) => (f.metadata as { uid: string }).uid)).size).toBe(findings.length);
    expect(findings.length).toBeGreaterThanOrEqual(400);
  });
});
