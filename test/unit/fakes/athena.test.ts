import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEmulator, substitute } from '#fakes/emulators/athena.ts';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { AthenaReportEngine, sqlLiteral } from '#siem/report/athena.ts';
import { ALL_SINCE, ALL_UNTIL } from '#siem/report/model.ts';

describe('the Athena stand-in: execution parameters', () => {
  it('fills each ? in order, as SQL literals, and leaves quotes and comments alone', () => {
    const sql = `-- is it? yes\nSELECT '?', "a?b" FROM t WHERE x = ? /* or ? */ AND (y = concat('it''s ?', ?))`;
    expect(substitute(sql, ["'one'", "'two'"])).toBe(
      `-- is it? yes\nSELECT '?', "a?b" FROM t WHERE x = 'one' /* or ? */ AND (y = concat('it''s ?', 'two'))`,
    );
  });

  it('fails a ? outside a WHERE clause, as Athena does ("SELECT ? FROM table is not supported")', () => {
    expect(() => substitute('SELECT ? AS x', ["'a'"])).toThrow(/outside a WHERE clause/);
    expect(() => substitute('WITH p AS (SELECT CAST(? AS varchar) AS s) SELECT s FROM p', ["'a'"])).toThrow(
      /outside a WHERE clause/,
    );
    expect(() =>
      substitute('SELECT a FROM t WHERE a IN (SELECT b FROM u GROUP BY b HAVING count(*) > ?)', ['1']),
    ).toThrow(/outside a WHERE clause/);
    expect(
      substitute('SELECT a FROM (SELECT a FROM t WHERE a > ?) s WHERE substr(a, 1, ?) = ?', [
        '1',
        '2',
        "'x'",
      ]),
    ).toBe("SELECT a FROM (SELECT a FROM t WHERE a > 1) s WHERE substr(a, 1, 2) = 'x'");
  });

  it('fails the query when the placeholders and the values differ in number, as Athena does', () => {
    expect(() => substitute('SELECT 1 FROM t WHERE a = ? AND b = ?', ["'a'"])).toThrow(
      /expected 2 but found 1/,
    );
    expect(() => substitute('SELECT 1', ["'a'"])).toThrow(/expected 0 but found 1/);
  });

  it('quotes a value so that it stays one string', () => {
    expect(sqlLiteral("o'brien")).toBe("'o''brien'");
    expect(substitute('SELECT 1 FROM t WHERE a = ?', [sqlLiteral("x' OR '1'='1")])).toBe(
      "SELECT 1 FROM t WHERE a = 'x'' OR ''1''=''1'",
    );
  });
});

describe('the report on Athena: paged results through the real SDK client', () => {
  let server: AwsJsonServer;
  let emulator: AthenaEmulator;
  let client: AthenaClient;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'canary-athena-'));
    const dir = join(root, 'canary', 'source=bird', 'date=2026-03-01');
    mkdirSync(dir, { recursive: true });
    const birds = Array.from({ length: 7 }, (_, i) => ({
      source: 'bird',
      console: 'lab',
      time: '2026-03-01T10:00:00.000Z',
      snapshot_at: '2026-03-01T10:00:00.000Z',
      normalized: {
        bird_id: `b${i}`,
        name: `BIRD-${i}`,
        live: i % 3 !== 0,
        last_seen: `2026-03-01T0${i}:00:00.000Z`,
      },
    }));
    writeFileSync(join(dir, 'part.ndjson'), `${birds.map((b) => JSON.stringify(b)).join('\n')}\n`);
    emulator = new AthenaEmulator({ root, database: 'db', workgroup: 'wg' });
    server = new AwsJsonServer({ AmazonAthena: emulator.handle });
    client = new AthenaClient({
      endpoint: await server.start(),
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
    await server?.stop();
  });

  it('reads every page (3 rows a page), NULL as null, numbers and booleans typed', async () => {
    const engine = new AthenaReportEngine(client, {
      workgroup: 'wg',
      database: 'db',
      pageSize: 3,
      pollMs: 5,
    });
    const rows = await engine.query('report_birds', { since: ALL_SINCE, until: ALL_UNTIL, console: '' });
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => row.name)).toEqual([
      'BIRD-0',
      'BIRD-3',
      'BIRD-6',
      'BIRD-1',
      'BIRD-2',
      'BIRD-4',
      'BIRD-5',
    ]);
    expect(rows[0]).toMatchObject({ console: 'lab', live: false, location: null });
    expect(rows[3]?.live).toBe(true);
    const headline = await engine.query('report_headline', {
      since: ALL_SINCE,
      until: ALL_UNTIL,
      console: 'lab',
    });
    // no incident at all: the fleet's row of zeros (a number, not the text "0")
    expect(headline).toEqual([
      {
        console: null,
        incidents: 0,
        alerting_incidents: 0,
        attacker_sources: 0,
        canaries_touched: 0,
        tokens_triggered: 0,
      },
    ]);
  });

  it('refuses results before the query is done, and MaxResults beyond 1,000, as Athena does', async () => {
    const handle = emulator.handle;
    const { QueryExecutionId } = (await handle('StartQueryExecution', {
      QueryString: 'SELECT 1',
      WorkGroup: 'wg',
      QueryExecutionContext: { Database: 'db' },
    })) as { QueryExecutionId: string };
    await expect(handle('GetQueryResults', { QueryExecutionId })).rejects.toThrow(/has not yet finished/);
    const engine = new AthenaReportEngine(client, { workgroup: 'wg', database: 'db', pollMs: 5 });
    await engine.query('report_birds', { since: ALL_SINCE, until: ALL_UNTIL, console: '' });
    await expect(handle('GetQueryResults', { QueryExecutionId, MaxResults: 1001 })).rejects.toThrow(
      /MaxResults must be between 1 and 1000/,
    );
    await expect(handle('GetQueryResults', { QueryExecutionId: 'nope' })).rejects.toThrow(/was not found/);
  });
});
