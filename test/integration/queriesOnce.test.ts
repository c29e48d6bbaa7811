import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hecEvent } from '#lib/aws/sinks/hecEnvelope.ts';
import { duckdbOverLayout, rows } from '#siem/athena/engine.ts';
import { athenaQueries, parameterList } from '#siem/athena/queries.ts';
import { ALL_SINCE, ALL_UNTIL } from '#siem/report/model.ts';
import { type Fields, parseConf, runSearch, type SplunkApp, searchTimeFields } from '#siem/splunk/emulate.ts';
import { localRun } from '../support/localRun.ts';

type Rec = Record<string, unknown> & { source: string; normalized: Record<string, unknown> };

/**
 * What a first `npm start -- --once --partitioned` shows: the simulator as the CLI starts it (1,000
 * incidents, its default birds, tokens and audit trail, nothing changed by hand), every source read
 * once. Every shipped Athena query (on DuckDB over the S3 layout) and every saved search of the
 * Splunk app must find something there, and what they show must join: the Canaries and tokens they
 * name are the console's own.
 */
const APP = new URL('../../siem/splunk/TA-thinkst-canary/default/', import.meta.url);
const conf = (name: string) => parseConf(readFileSync(new URL(name, APP), 'utf8'));

let local: Awaited<ReturnType<typeof localRun>>;
let records: Rec[];
let connection: Awaited<ReturnType<typeof duckdbOverLayout>>;

beforeAll(async () => {
  local = await localRun({ simulator: { incidents: 1000 }, partitioned: true });
  for (const source of ['incidents', 'audit-trail', 'birds', 'tokens'] as const) await local.run(source);
  records = local.records() as unknown as Rec[];
  connection = await duckdbOverLayout(local.stack.firehose.outDir);
});
afterAll(async () => {
  connection?.closeSync();
  await local?.stop();
});

const of = (source: string) => records.filter((r) => r.source === source);

describe('a first --once run on the simulator', () => {
  it('every shipped Athena query returns rows', async () => {
    const counts: Record<string, number> = {};
    for (const query of athenaQueries()) {
      // the report's queries take a range and a console: every record of every console
      const params = parameterList(query.sql, { since: ALL_SINCE, until: ALL_UNTIL, console: '' });
      counts[query.name] = (await rows(connection, query.sql, params)).length;
    }
    // the figures the closing note quotes
    process.stdout.write(`rows per query on a --once run: ${JSON.stringify(counts)}\n`);
    expect(Object.entries(counts).filter(([, count]) => count < 1)).toEqual([]);
  });

  it('the rows name the console’s own Canaries and tokens, never nothing', async () => {
    const sql = (name: string) => athenaQueries().find((q) => q.name === name)?.sql ?? '';
    const tokens = new Set(of('token').map((r) => r.normalized.canarytoken));
    const triggered = await rows(connection, sql('token_triggered'));
    expect(triggered.filter((row) => !tokens.has(row.canarytoken) || row.memo === null)).toEqual([]);
    const birds = new Set(of('bird').map((r) => r.normalized.name));
    const perCanary = await rows(connection, sql('incidents_per_canary_per_day'));
    const named = (canary: unknown) => birds.has(canary) || String(canary).startsWith('Canarytoken ');
    expect(perCanary.filter((row) => !named(row.canary))).toEqual([]);
    const offline = await rows(connection, sql('canary_offline'));
    const ids = new Set(of('bird').map((r) => r.normalized.bird_id));
    expect(offline.filter((row) => !ids.has(row.bird_id))).toEqual([]);
  });

  it('every incident joins its bird or token', () => {
    const birds = new Map(of('bird').map((r) => [r.normalized.bird_id, r.normalized.name]));
    const tokens = new Map(of('token').map((r) => [r.normalized.canarytoken, r.normalized.memo]));
    const unjoined = of('incident').filter((r) => {
      const n = r.normalized;
      return String(r.family).startsWith('canarytoken')
        ? tokens.get(n.canarytoken) !== n.memo || n.memo === null
        : birds.get(n.canary_id) !== n.canary_name || n.canary_name === null;
    });
    expect(of('incident').length).toBeGreaterThan(900);
    expect(unjoined.map((r) => r.normalized.incident_id)).toEqual([]);
  });

  it('every saved search of the Splunk app finds events', () => {
    const app: SplunkApp = {
      props: conf('props.conf'),
      eventtypes: conf('eventtypes.conf'),
      tags: conf('tags.conf'),
    };
    const events: Fields[] = records.map((record) => {
      const envelope = hecEvent(record as never);
      return searchTimeFields(app, String(envelope.sourcetype), envelope.event);
    });
    const saved = conf('savedsearches.conf');
    const found = Object.fromEntries(
      [...saved.keys()].map((name) => [name, runSearch(saved.get(name)?.get('search') ?? '', events).length]),
    );
    process.stdout.write(`results per saved search on a --once run: ${JSON.stringify(found)}\n`);
    expect(Object.keys(found).length).toBeGreaterThanOrEqual(3);
    expect(Object.entries(found).filter(([, count]) => count < 1)).toEqual([]);
  });
});
