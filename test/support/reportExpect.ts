/**
 * What a report must show, counted in code from the native records themselves (not from the SQL):
 * the figures and every table row, as text the way the page shows it. A test compares the rendered
 * page with this.
 */
type Rec = Record<string, unknown> & {
  source: string;
  console: string;
  time: string;
  normalized: Record<string, unknown>;
};

export interface ExpectedReport {
  figures: Record<string, string>;
  rows: Record<string, string[][]>;
  consoles: string[];
}

const n = (value: number) => value.toLocaleString('en');
const when = (iso: unknown) =>
  String(iso ?? '')
    .replace('T', ' ')
    .replace(/(\.\d+)?Z$/, '');
const str = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function expectedReport(records: Rec[], since: string, until: string, only?: string): ExpectedReport {
  const mine = records.filter((r) => only === undefined || r.console === only);
  const consoles = [...new Set(mine.map((r) => r.console))].sort(cmp);
  const figures: Record<string, string> = {};
  const rows: Record<string, string[][]> = {};
  const scopes = consoles.length > 1 ? [undefined, ...consoles] : consoles;
  for (const scope of scopes) {
    const of = mine.filter((r) => scope === undefined || r.console === scope);
    const f = headline(of, since, until);
    const prefix = scope === undefined ? 'fleet' : `console.${scope}`;
    for (const [key, value] of Object.entries(f))
      figures[`${prefix}.${key}`] = value === null ? '—' : n(value);
    if (scope === undefined) {
      rows['fleet.consoles'] = consoles.map((name) => {
        const h = headline(
          mine.filter((r) => r.console === name),
          since,
          until,
        );
        return [
          name,
          ...[h.incidents, h.alertingIncidents, h.attackerSources, h.canariesTouched, h.tokensTriggered].map(
            n,
          ),
          h.birdsOffline === null ? '—' : n(h.birdsOffline),
        ];
      });
      continue;
    }
    const set = (name: string, value: string[][]) => {
      if (value.length > 0) rows[`${prefix}.${name}`] = value;
    };
    set('sources', sources(of, since, until));
    set('canaries', canaries(of, since, until));
    set('tokens', tokens(of, since, until));
    set('birds', birds(of, until));
    set('audit', audit(of, since, until));
    set('changes', changes(of, since, until));
  }
  return { figures, rows, consoles };
}

/** Incident records (polled and pushed) created in the range. */
function incidentsIn(records: Rec[], since: string, until: string): Rec[] {
  return records.filter((r) => {
    if (r.source !== 'incident' && r.source !== 'alert') return false;
    const at = str(r.normalized.created ?? r.time);
    return at >= since && at < until;
  });
}

const key = (r: Rec) => `${r.console} ${str(r.normalized.hash_id ?? r.normalized.incident_id)}`;
const isToken = (r: Rec) => String(r.family).startsWith('canarytoken');

function headline(records: Rec[], since: string, until: string) {
  const incidents = incidentsIn(records, since, until);
  const attacks = incidents.filter((r) => r.category === 'attack');
  const distinct = (values: unknown[]) => new Set(values.filter((v) => v !== null && v !== undefined)).size;
  return {
    incidents: distinct(incidents.map(key)),
    alertingIncidents: distinct(incidents.filter((r) => r.alert === true).map(key)),
    attackerSources: distinct(attacks.filter((r) => !isToken(r)).map((r) => r.normalized.src_ip)),
    canariesTouched: distinct(
      attacks
        .filter((r) => !isToken(r))
        .map((r) => (r.normalized.canary_id == null ? null : `${r.console} ${r.normalized.canary_id}`)),
    ),
    tokensTriggered: distinct(
      incidents
        .filter(isToken)
        .map((r) => (r.normalized.canarytoken == null ? null : `${r.console} ${r.normalized.canarytoken}`)),
    ),
    // unknown (not zero) without a snapshot of the Canaries in the range
    birdsOffline:
      latestBirds(records, until).length === 0
        ? null
        : latestBirds(records, until).filter((r) => r.normalized.live === false).length,
  };
}

function sources(records: Rec[], since: string, until: string): string[][] {
  const attacks = incidentsIn(records, since, until).filter(
    (r) => r.category === 'attack' && !isToken(r) && r.normalized.src_ip != null,
  );
  const by = new Map<string, Rec[]>();
  for (const r of attacks) {
    const ip = str(r.normalized.src_ip);
    by.set(ip, [...(by.get(ip) ?? []), r]);
  }
  const list = [...by.entries()].map(([ip, rs]) => ({
    ip,
    canaries: new Set(rs.map((r) => r.normalized.canary_id).filter((v) => v != null)).size,
    names: [...new Set(rs.map((r) => str(r.normalized.canary_name ?? r.normalized.canary_id)))].sort(cmp),
    incidents: new Set(rs.map(key)).size,
    first: rs.map((r) => str(r.normalized.created ?? r.time)).sort(cmp)[0] ?? '',
    last:
      rs
        .map((r) => str(r.normalized.updated ?? r.time))
        .sort(cmp)
        .at(-1) ?? '',
  }));
  list.sort((a, b) => b.canaries - a.canaries || b.incidents - a.incidents || cmp(a.ip, b.ip));
  return list
    .filter((s, i) => i < 25 || (s.canaries >= 2 && i < 200))
    .map((s) => [s.ip, n(s.canaries), s.names.join(', '), n(s.incidents), when(s.first), when(s.last)]);
}

function canaries(records: Rec[], since: string, until: string): string[][] {
  const attacks = incidentsIn(records, since, until).filter(
    (r) => r.category === 'attack' && !isToken(r) && r.normalized.canary_id != null,
  );
  const by = new Map<string, Rec[]>();
  for (const r of attacks) {
    const id = str(r.normalized.canary_id);
    by.set(id, [...(by.get(id) ?? []), r]);
  }
  const list = [...by.entries()].map(([id, rs]) => ({
    id,
    name:
      rs
        .map((r) => str(r.normalized.canary_name ?? r.normalized.canary_id))
        .sort(cmp)
        .at(-1) ?? '',
    incidents: new Set(rs.map(key)).size,
    sources: new Set(rs.map((r) => r.normalized.src_ip).filter((v) => v != null)).size,
    last:
      rs
        .map((r) => str(r.normalized.updated ?? r.time))
        .sort(cmp)
        .at(-1) ?? '',
  }));
  list.sort((a, b) => b.incidents - a.incidents || cmp(a.name, b.name) || cmp(a.id, b.id));
  return list.slice(0, 25).map((c) => [c.name, n(c.incidents), n(c.sources), when(c.last)]);
}

function tokens(records: Rec[], since: string, until: string): string[][] {
  const inventory = new Map<string, { kind: string; memo: string }>();
  for (const r of records.filter((x) => x.source === 'token')) {
    const token = str(r.normalized.canarytoken);
    const known = inventory.get(token);
    const kind = str(r.normalized.kind);
    const memo = str(r.normalized.memo);
    inventory.set(token, {
      kind: known === undefined || kind > known.kind ? kind : known.kind,
      memo: known === undefined || memo > known.memo ? memo : known.memo,
    });
  }
  const triggers = incidentsIn(records, since, until).filter((r) => isToken(r) && r.alert === true);
  triggers.sort(
    (a, b) =>
      cmp(str(b.normalized.created ?? b.time), str(a.normalized.created ?? a.time)) ||
      cmp(str(a.normalized.hash_id), str(b.normalized.hash_id)),
  );
  return triggers.slice(0, 100).map((r) => {
    const known = inventory.get(str(r.normalized.canarytoken));
    return [
      when(r.normalized.created ?? r.time),
      known?.kind || String(r.family).replace('canarytoken-', ''),
      str(r.normalized.memo ?? known?.memo),
      str(r.normalized.src_ip),
    ];
  });
}

function latestBirds(records: Rec[], until: string): Rec[] {
  const latest = new Map<string, Rec>();
  for (const r of records) {
    if (r.source !== 'bird' || str(r.snapshot_at) >= until) continue;
    const id = str(r.normalized.bird_id);
    const known = latest.get(id);
    if (known === undefined || str(r.snapshot_at) > str(known.snapshot_at)) latest.set(id, r);
  }
  return [...latest.values()];
}

function birds(records: Rec[], until: string): string[][] {
  const list = latestBirds(records, until);
  // offline first (false sorts before true), the longest silent first, then by name
  list.sort(
    (a, b) =>
      Number(a.normalized.live) - Number(b.normalized.live) ||
      cmp(str(a.normalized.last_seen), str(b.normalized.last_seen)) ||
      cmp(str(a.normalized.name), str(b.normalized.name)),
  );
  return list.map((r) => [
    str(r.normalized.name ?? r.normalized.bird_id),
    r.normalized.live === false ? 'offline' : r.normalized.live === true ? 'online' : 'unknown',
    when(r.normalized.last_seen),
    str(r.normalized.location),
  ]);
}

/** The kinds of audit action, as report_audit.sql sorts them (checked in the same order). */
function auditKind(action: string): string {
  if (/login|logout|auth/.test(action)) return 'logins';
  if (/api_?key|apikey/.test(action)) return 'api keys';
  if (/^user_/.test(action)) return 'users';
  if (/setting|config|flock|device/.test(action)) return 'settings';
  if (/canarytoken|token/.test(action)) return 'canarytokens';
  return 'other';
}

function auditIn(records: Rec[], since: string, until: string): Rec[] {
  return records.filter((r) => r.source === 'audit' && r.time >= since && r.time < until);
}

function audit(records: Rec[], since: string, until: string): string[][] {
  const by = new Map<string, Rec[]>();
  for (const r of auditIn(records, since, until)) {
    const action = str(r.normalized.action);
    const id = `${auditKind(action)}\u0000${action}`;
    by.set(id, [...(by.get(id) ?? []), r]);
  }
  const list = [...by.entries()].map(([id, rs]) => {
    const [kind = '', action = ''] = id.split('\u0000');
    const users = [
      ...new Set(
        rs
          .map((r) => r.normalized.user)
          .filter((u) => u != null)
          .map(String),
      ),
    ].sort(cmp);
    const times = rs.map((r) => r.time).sort(cmp);
    return { kind, action, entries: rs.length, users, first: times[0] ?? '', last: times.at(-1) ?? '' };
  });
  list.sort((a, b) => cmp(a.kind, b.kind) || b.entries - a.entries || cmp(a.action, b.action));
  return list.map((a) => [a.kind, a.action, n(a.entries), a.users.join(', '), when(a.first), when(a.last)]);
}

function changes(records: Rec[], since: string, until: string): string[][] {
  const list = auditIn(records, since, until).filter((r) => {
    const action = str(r.normalized.action);
    return (
      /^user_|api_?key|apikey|setting|config|flock|device/.test(action) &&
      !/login|logout|acknowledge/.test(action)
    );
  });
  list.sort((a, b) => cmp(b.time, a.time) || Number(b.normalized.audit_id) - Number(a.normalized.audit_id));
  return list
    .slice(0, 100)
    .map((r) => [when(r.time), str(r.normalized.action), str(r.normalized.user), str(r.message)]);
}
