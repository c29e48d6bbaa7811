import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPanels, overviewDashboard, withTokens } from '#siem/splunk/dashboard.ts';
import { type Fields, runSearch } from '#siem/splunk/emulate.ts';
import { splunkOutput } from '../support/splunkRun.ts';

/**
 * The add-on's dashboard (Simple XML, default/data/ui/views/thinkst_canary_overview.xml) on real
 * output: the real handlers deliver HEC envelopes, each event goes through the add-on's props,
 * event types and tags, and every panel's search runs through the search-time emulator. Each panel's
 * answer is compared with the same question answered in code from the records themselves.
 */
type Rec = Record<string, unknown> & {
  source: string;
  console: string;
  time: string;
  normalized: Record<string, unknown>;
};
let output: Awaited<ReturnType<typeof splunkOutput>> | undefined;
let records: Rec[];
let events: Fields[];

beforeAll(async () => {
  output = await splunkOutput({
    simulator: { incidents: 1200, auditEntries: 120, birds: 12, tokens: 20, seed: 11 },
    offline: 3,
  });
  records = output.envelopes.map((e) => e.event as Rec);
  events = output.events;
}, 120_000);
afterAll(async () => {
  await output?.stop();
});

const panels = () => overviewDashboard();
const run = (id: string, consoleName = '*') => {
  const panel = panels().find((p) => p.id === id);
  if (panel === undefined) throw new Error(`no panel ${id}`);
  return runSearch(withTokens(panel.query, { console: consoleName }), events);
};
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const incidentLike = () => records.filter((r) => r.source === 'incident' || r.source === 'alert');
/** What the add-on's intrusion event type holds: attacks, polled, flattened or pushed. */
const attacks = () =>
  records.filter(
    (r) => ['incident', 'incident_event', 'alert'].includes(r.source) && r.category === 'attack',
  );
const isToken = (r: Rec) => String(r.family).startsWith('canarytoken');
const distinct = (values: unknown[]) =>
  new Set(values.filter((v) => v !== null && v !== undefined && v !== '').map(String)).size;
const dvc = (r: Rec) => str(r.normalized.canary_name ?? r.normalized.canary_id ?? r.console);

describe('the Splunk dashboard', () => {
  it('is well-formed Simple XML with the report’s panels, every search run through the emulator', () => {
    expect(panels().map((p) => p.id)).toEqual([
      'incidents',
      'alerting_incidents',
      'attacker_sources',
      'canaries_touched',
      'tokens_triggered',
      'birds_offline',
      'incidents_per_day',
      'sources',
      'canaries',
      'tokens',
      'birds',
      'audit',
      'changes',
      'input.console',
    ]);
    expect(() => dashboardPanels('<form><row><panel id="a"><single></row></form>')).toThrow(/closes/);
    expect(() => dashboardPanels('<form><label>a & b</label></form>')).toThrow();
  });

  it('headline figures: what the records count', () => {
    const single = (id: string) => Object.values(run(id)[0] ?? {})[0];
    const incidents = incidentLike();
    expect(single('incidents')).toBe(String(distinct(incidents.map((r) => r.normalized.hash_id))));
    expect(single('alerting_incidents')).toBe(
      String(distinct(incidents.filter((r) => r.alert === true).map((r) => r.normalized.hash_id))),
    );
    expect(single('attacker_sources')).toBe(
      String(
        distinct(
          attacks()
            .filter((r) => !isToken(r))
            .map((r) => r.normalized.src_ip),
        ),
      ),
    );
    expect(single('canaries_touched')).toBe(
      String(
        distinct(
          attacks()
            .filter((r) => !isToken(r))
            .map((r) => r.normalized.canary_id),
        ),
      ),
    );
    expect(single('tokens_triggered')).toBe(
      String(
        distinct(
          attacks()
            .filter(isToken)
            .map((r) => r.normalized.canarytoken),
        ),
      ),
    );
    const latest = new Map<string, Rec>();
    for (const r of records.filter((x) => x.source === 'bird'))
      latest.set(`${r.console} ${str(r.normalized.bird_id)}`, r);
    const offline = [...latest.values()].filter((r) => r.normalized.live === false).length;
    expect(offline).toBeGreaterThanOrEqual(3);
    expect(single('birds_offline')).toBe(String(offline));
  });

  it('incidents per day and family', () => {
    const expected = new Map<string, Map<string, Set<string>>>();
    for (const r of incidentLike()) {
      const day = r.time.slice(0, 10);
      const families = expected.get(day) ?? new Map<string, Set<string>>();
      const ids = families.get(str(r.family)) ?? new Set<string>();
      // a console's test webhook names no incident: its family counts none (dc of nothing is 0)
      if (r.normalized.hash_id != null) ids.add(str(r.normalized.hash_id));
      families.set(str(r.family), ids);
      expected.set(day, families);
    }
    const rows = run('incidents_per_day');
    expect(rows.map((r) => r.day)).toEqual([...expected.keys()].sort(cmp));
    for (const row of rows) {
      const families = expected.get(row.day as string) as Map<string, Set<string>>;
      const { day: _day, ...counts } = row;
      expect(counts).toEqual(Object.fromEntries([...families].map(([f, ids]) => [f, String(ids.size)])));
    }
  });

  it('attacker sources, the most Canaries first, with the Canaries each touched', () => {
    const by = new Map<string, Rec[]>();
    for (const r of attacks().filter((x) => !isToken(x) && x.normalized.src_ip != null)) {
      by.set(str(r.normalized.src_ip), [...(by.get(str(r.normalized.src_ip)) ?? []), r]);
    }
    const expected = [...by]
      .map(([src, rs]) => ({
        src,
        canaries: String(distinct(rs.map((r) => r.normalized.canary_id))),
        canaries_touched: [...new Set(rs.map(dvc))].sort(cmp).join(','),
        incidents: String(distinct(rs.map((r) => r.normalized.hash_id))),
        first_seen: rs.map((r) => r.time).sort(cmp)[0] as string,
        last_seen: rs
          .map((r) => r.time)
          .sort(cmp)
          .at(-1) as string,
      }))
      .sort(
        (a, b) =>
          Number(b.canaries) - Number(a.canaries) ||
          Number(b.incidents) - Number(a.incidents) ||
          cmp(a.src, b.src),
      )
      .slice(0, 50);
    const got = run('sources');
    expect(got).toEqual(expected);
    expect(got.find((r) => r.src === '203.0.113.7')).toBeDefined();
  });

  it('Canaries by incidents', () => {
    const by = new Map<string, Rec[]>();
    for (const r of attacks().filter((x) => !isToken(x))) by.set(dvc(r), [...(by.get(dvc(r)) ?? []), r]);
    const expected = [...by]
      .map(([name, rs]) => ({
        dvc: name,
        incidents: String(distinct(rs.map((r) => r.normalized.hash_id))),
        sources: String(distinct(rs.map((r) => r.normalized.src_ip))),
        last_incident: rs
          .map((r) => r.time)
          .sort(cmp)
          .at(-1) as string,
      }))
      .sort((a, b) => Number(b.incidents) - Number(a.incidents) || cmp(a.dvc, b.dvc))
      .slice(0, 25);
    expect(run('canaries')).toEqual(expected);
  });

  it('Canarytokens triggered: each once, pushed or polled, the latest first', () => {
    const triggers = incidentLike()
      .filter((r) => r.alert === true && isToken(r))
      .sort((a, b) => cmp(b.time, a.time) || cmp(str(a.normalized.hash_id), str(b.normalized.hash_id)));
    expect(triggers.filter((r) => r.source === 'alert').length).toBeGreaterThan(0);
    const got = run('tokens');
    expect(got.map((r) => r['normalized.hash_id'])).toEqual(
      triggers.slice(0, 100).map((r) => str(r.normalized.hash_id)),
    );
    expect(got.map((r) => r.src)).toEqual(triggers.slice(0, 100).map((r) => str(r.normalized.src_ip)));
  });

  it('Canary health: each Canary’s latest snapshot, offline first', () => {
    const latest = new Map<string, Rec>();
    for (const r of records.filter((x) => x.source === 'bird'))
      latest.set(`${r.console} ${str(r.normalized.name)}`, r);
    const expected = [...latest.values()]
      .sort(
        (a, b) =>
          cmp(str(a.normalized.live), str(b.normalized.live)) ||
          cmp(str(a.normalized.last_seen), str(b.normalized.last_seen)) ||
          cmp(str(a.normalized.name), str(b.normalized.name)),
      )
      .map((r) => [str(r.normalized.name), str(r.normalized.live), str(r.normalized.last_seen)]);
    expect(run('birds').map((r) => [r['normalized.name'], r.live, r.last_seen])).toEqual(expected);
  });

  it('audit activity by action, and the changes the latest first', () => {
    const audit = records.filter((r) => r.source === 'audit');
    const by = new Map<string, Rec[]>();
    for (const r of audit) by.set(str(r.normalized.action), [...(by.get(str(r.normalized.action)) ?? []), r]);
    const expected = [...by]
      .map(([action, rs]) => ({
        'normalized.action': action,
        entries: String(rs.length),
        users: String(distinct(rs.map((r) => r.normalized.user))),
        by_whom: [...new Set(rs.map((r) => str(r.normalized.user)))].sort(cmp).join(','),
        first: rs.map((r) => r.time).sort(cmp)[0] as string,
        last: rs
          .map((r) => r.time)
          .sort(cmp)
          .at(-1) as string,
      }))
      .sort(
        (a, b) =>
          Number(b.entries) - Number(a.entries) || cmp(a['normalized.action'], b['normalized.action']),
      );
    expect(run('audit')).toEqual(expected);

    const changes = records
      .filter(
        (r) =>
          r.source === 'audit' && !/login|logout|sign_in|sign_out|acknowledge/.test(str(r.normalized.action)),
      )
      .map((r) => r.time)
      .sort((a, b) => cmp(b, a))
      .slice(0, 100);
    expect(changes.length).toBeGreaterThan(0);
    expect(run('changes').map((r) => r.time)).toEqual(changes);
  });

  it('the console filter: every console in the list, one console, a console with nothing', () => {
    const consoles = [...new Set(records.map((r) => r.console))].sort(cmp);
    expect(run('input.console').map((r) => r.console)).toEqual(consoles);
    const [name] = consoles as [string];
    expect(run('incidents', name)).toEqual(run('incidents'));
    expect(run('sources', 'nobody')).toEqual([]);
    // a console name is one quoted term: a quote in it cannot widen the search
    expect(withTokens('console=$console|s$ x', { console: 'a" OR console="*' })).toBe(
      'console="a\\" OR console=\\"*" x',
    );
  });
});
