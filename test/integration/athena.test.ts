import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPush, startLocalPush } from '#dev/push.ts';
import { duckdbOverLayout, rows } from '#siem/athena/engine.ts';
import { athenaQueries } from '#siem/athena/queries.ts';
import { REPORT_QUERIES } from '#siem/report/model.ts';
import { localRun } from '../support/localRun.ts';

type Rec = Record<string, unknown> & { source: string; time: string; normalized: Record<string, unknown> };

let local: Awaited<ReturnType<typeof localRun>>;
let records: Rec[];
let connection: Awaited<ReturnType<typeof duckdbOverLayout>>;
let push: LocalPush | undefined;

/**
 * Every shipped Athena query runs on DuckDB over the S3 layout a local run writes (the Firehose
 * emulator partitions as the stack's Firehose does), and its answer is checked against the same
 * question answered in code from the records themselves.
 */
beforeAll(async () => {
  local = await localRun({ simulator: { incidents: 3000, seed: 21 }, partitioned: true });
  // pushed alerts too: Canarytokens triggered after the push path was set up
  push = await startLocalPush(local.stack);
  local.simulator.addIncidents(3, { logtype: 17000 });
  await local.simulator.webhooks.settled();
  // one address sweeping several Canaries
  local.simulator.store.add(6, { logtype: 4002, src: '203.0.113.7' });
  // three birds gone for eight hours, one just now (too recent for the query), besides the
  // simulator's own offline ones
  const [a, b, c, recent] = local.simulator.devices.ids() as [string, string, string, string];
  const hoursAgo = Math.floor(Date.now() / 1000) - 8 * 3600;
  for (const id of [a, b, c]) local.simulator.devices.setLive(id, false, hoursAgo);
  local.simulator.devices.setLive(recent, false);
  await local.invoke();
  for (const source of ['audit-trail', 'birds', 'tokens'] as const) await local.run(source);
  records = local.records() as unknown as Rec[];
  connection = await duckdbOverLayout(local.stack.firehose.outDir);
});
afterAll(async () => {
  connection?.closeSync();
  await push?.stop();
  await local?.stop();
});

const query = (name: string) => {
  const found = athenaQueries().find((q) => q.name === name);
  if (found === undefined) throw new Error(`no query ${name}`);
  return rows(connection, found.sql);
};
const of = (source: string) => records.filter((r) => r.source === source);

describe('the shipped Athena queries, on real local output', () => {
  it('ships the five detections and the report’s queries (test/cli/report.test.ts checks those)', () => {
    expect(athenaQueries().map((q) => q.name)).toEqual(
      [
        'audit_user_and_key_changes',
        'canary_offline',
        'incidents_per_canary_per_day',
        'one_source_many_canaries',
        'token_triggered',
        ...REPORT_QUERIES,
      ].sort(),
    );
  });

  it('token_triggered: every token incident once, pushed or polled', async () => {
    const expected = [...of('incident'), ...of('alert')].filter(
      (r) => String(r.family).startsWith('canarytoken') && r.alert === true,
    );
    const got = await query('token_triggered');
    expect(expected.length).toBeGreaterThan(10);
    expect(of('alert').filter((r) => r.alert === true).length).toBeGreaterThan(0);
    expect(got.map((r) => r.hash_id).sort()).toEqual(expected.map((r) => r.normalized.hash_id).sort());
    expect(new Set(got.map((r) => r.hash_id)).size).toBe(got.length);
    // each names its token, one the console lists, polled or pushed
    const tokens = new Set(of('token').map((r) => r.normalized.canarytoken));
    expect(got.filter((r) => !tokens.has(r.canarytoken))).toEqual([]);
  });

  it('one_source_many_canaries: sources seen on two or more Canaries', async () => {
    const canaries = new Map<string, Set<unknown>>();
    for (const r of of('incident')) {
      if (r.category !== 'attack' || String(r.family).startsWith('canarytoken')) continue;
      const ip = r.normalized.src_ip as string;
      canaries.set(ip, (canaries.get(ip) ?? new Set()).add(r.normalized.canary_id));
    }
    const expected = [...canaries].filter(([, set]) => set.size >= 2);
    const got = await query('one_source_many_canaries');
    expect(expected.map(([ip]) => ip)).toContain('203.0.113.7');
    expect(new Map(got.map((r) => [r.src_ip, Number(r.canaries)]))).toEqual(
      new Map(expected.map(([ip, set]) => [ip, set.size])),
    );
  });

  it('canary_offline: the birds offline for more than six hours, not the one just gone', async () => {
    const offline = of('bird').filter((r) => r.normalized.live === false);
    const expected = offline
      .filter(
        (r) => Date.parse(String(r.snapshot_at)) - Date.parse(String(r.normalized.last_seen)) > 6 * 3600_000,
      )
      .map((r) => r.normalized.bird_id)
      .sort();
    const got = await query('canary_offline');
    // the three taken offline hours ago and the simulator's two (every sixth of twelve)
    expect(expected).toHaveLength(5);
    expect(offline).toHaveLength(6);
    expect(got.map((r) => r.bird_id).sort()).toEqual(expected);
  });

  it('audit_user_and_key_changes: user changes, not logins', async () => {
    const expected = of('audit').filter((r) => {
      const action = String(r.normalized.action);
      return /^(user_|api_?key|apikey)/.test(action) && !['user_login', 'user_logout'].includes(action);
    });
    const got = await query('audit_user_and_key_changes');
    expect(expected.length).toBeGreaterThan(0);
    expect(got).toHaveLength(expected.length);
    expect(new Set(got.map((r) => r.action))).toEqual(new Set(expected.map((r) => r.normalized.action)));
  });

  it('incidents_per_canary_per_day: counts that add up to the attack incidents', async () => {
    const counts = new Map<string, Set<unknown>>();
    for (const r of of('incident')) {
      if (r.category !== 'attack') continue;
      const n = r.normalized;
      // a token incident counts under its token, named by its memo
      const canary = n.canary_name ?? `Canarytoken ${n.memo ?? n.canarytoken}`;
      const key = `${r.time.slice(0, 10)}|${canary}`;
      counts.set(key, (counts.get(key) ?? new Set()).add(r.normalized.incident_id));
    }
    const got = await query('incidents_per_canary_per_day');
    expect(new Map(got.map((r) => [`${r.day}|${r.canary}`, Number(r.incidents)]))).toEqual(
      new Map([...counts].map(([key, set]) => [key, set.size])),
    );
  });
});
