import type { OutputRecord } from '#lib/core/ports.ts';
import { ECS_VERSION } from './version.ts';

export type EcsDocument = Record<string, unknown>;
type Normalized = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** Drops undefined members and empty objects, so absent facts are absent, not null. */
function clean(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key in object) {
    const value = object[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) {
        out[key] = value;
        kept++;
      }
      continue;
    }
    if (typeof value === 'object') {
      const inner = clean(value as Record<string, unknown>);
      if (inner !== undefined) {
        out[key] = inner;
        kept++;
      }
      continue;
    }
    out[key] = value;
    kept++;
  }
  return kept === 0 ? undefined : out;
}

/** ECS wants MAC addresses as six uppercase hexadecimal pairs joined by hyphens (RFC 7042). */
function ecsMac(mac: unknown): string | undefined {
  const text = str(mac);
  if (text === undefined) return undefined;
  const hex = text.replace(/[^0-9a-fA-F]/g, '');
  return hex.length === 12 ? (hex.toUpperCase().match(/../g) as string[]).join('-') : undefined;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** What each kind of record is to Elastic Security: kind, categories, types, action. */
function categorisation(record: OutputRecord, n: Normalized) {
  switch (record.source) {
    case 'incident':
    case 'incident_event':
    case 'alert': {
      // an alert once per incident (the record's `alert`: the first of push and poll), events after
      const attack = record.category === 'attack';
      return {
        kind: record.alert === true ? 'alert' : 'event',
        category: [attack ? 'intrusion_detection' : 'host'],
        type: ['info'],
        action: slug(String(record.logtype_name ?? `logtype ${String(record.logtype)}`)),
      };
    }
    case 'audit':
    case 'audit_push': {
      const action = String(n.action ?? '');
      if (/log_?in|log_?out|sign_?in|sign_?out/i.test(action))
        return {
          kind: 'event',
          category: ['authentication'],
          type: [/out/i.test(action) ? 'end' : 'start'],
          action,
          outcome: /fail/i.test(action) ? 'failure' : 'success',
        };
      const type = /create|add|generate|invite|new/i.test(action)
        ? 'creation'
        : /delete|remove|purge|revoke/i.test(action)
          ? 'deletion'
          : /fetch|read|download|list|view|export|search/i.test(action)
            ? 'access'
            : 'change';
      const iam = /^(user|api_?key|apikey)/i.test(action);
      // ECS: iam expects user/change/creation/deletion/info, configuration access/change/creation/deletion/info.
      return iam
        ? { kind: 'event', category: ['iam'], type: [type === 'access' ? 'info' : type, 'user'], action }
        : { kind: 'event', category: ['configuration'], type: [type], action };
    }
    case 'bird':
      return { kind: 'state', category: ['host'], type: ['info'], action: 'canary-snapshot' };
    case 'bird_change':
      return {
        kind: 'event',
        category: ['host'],
        type: ['change'],
        action: `canary-${String(record.change)}`,
      };
    default:
      return { kind: 'state', category: ['configuration'], type: ['info'], action: 'canarytoken-snapshot' };
  }
}

/** A Canary as ECS `host`, from its id, name, address and MAC. */
function host(id: unknown, name: unknown, ip: unknown, mac: unknown) {
  const address = str(ip);
  const hardware = ecsMac(mac);
  return {
    id: str(id),
    name: str(name),
    hostname: str(name),
    ip: address === undefined ? undefined : [address],
    mac: hardware === undefined ? undefined : [hardware],
    type: 'canary',
  };
}

/** The Canary behind an incident or a bird record. */
function canaryHost(record: OutputRecord, n: Normalized) {
  if (record.source === 'bird' || record.source === 'bird_change')
    return {
      ...host(n.bird_id, n.name, n.ip, n.mac),
      uptime: num(n.uptime_seconds),
      geo: str(n.location) === undefined ? undefined : { name: n.location },
    };
  if (isIncident(record) && str(n.canary_id) !== undefined)
    return host(n.canary_id, n.canary_name, n.dst_ip, n.canary_mac);
  return undefined;
}

/** Incidents, their flattened events and pushed alerts: the same normalized view. */
const isIncident = (record: OutputRecord) =>
  record.source === 'incident' || record.source === 'incident_event' || record.source === 'alert';

/** The username an attacker tried, from the first event that has one (login attempts). */
function attemptedUser(record: OutputRecord): string | undefined {
  if (record.source === 'alert') {
    const details = (record.canary as { AdditionalDetails?: unknown[] } | undefined)?.AdditionalDetails;
    const pair = (Array.isArray(details) ? details : []).find(
      (d): d is [string, unknown] => Array.isArray(d) && /^user(name)?$/i.test(String(d[0])),
    );
    return str(pair?.[1]);
  }
  const events = (record.canary as { description?: { events?: unknown[] } } | undefined)?.description?.events;
  for (const event of Array.isArray(events) ? events : []) {
    const logdata = (event as { logdata?: Record<string, unknown> } | null)?.logdata ?? event;
    const name = str((logdata as Record<string, unknown> | null)?.USERNAME);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Native fields toEcs places itself; the rest go under `thinkst_canary` as they are. */
const NAMED_FIELDS: ReadonlySet<string> = new Set([
  'event_id',
  'source',
  'console',
  'time',
  'collected_at',
  'sourcetype',
  'canary',
  'normalized',
  'message',
]);

/**
 * A native record as an ECS 8.17 document for Elastic: `@timestamp`, `event.*` (kind, category,
 * type, action, severity, `event.id` = `event_id` for de-duplication, dataset
 * `thinkst_canary.<source>`), `source`/`destination` for attacks, `host` for the Canary, `user` and
 * `user_agent` for the audit trail, `observer` the Canary console, `related.*`, `message`. The Canary
 * object travels whole as JSON text in `event.original` (so its free-form keys never clash with an
 * index mapping); the collector's own fields and typed view go under `thinkst_canary.*`.
 */
export function toEcs(record: OutputRecord): EcsDocument {
  const n = (record.normalized ?? {}) as Normalized;
  const c = categorisation(record, n);
  const incident = isIncident(record);
  const audit = record.source === 'audit' || record.source === 'audit_push';
  const user = incident ? attemptedUser(record) : audit ? str(n.user) : undefined;
  const sourceIp = incident ? str(n.src_ip) : audit ? str(n.user_ip) : undefined;
  const host = canaryHost(record, n);
  const ips = [sourceIp, ...((host?.ip as string[] | undefined) ?? [])].filter(
    (ip): ip is string => ip !== undefined,
  );
  const { event_id, source, console, time, collected_at, sourcetype, canary, normalized, message } = record;
  // The collector's other fields, in the record's order (a loop: a rest destructuring is V8's slow copy).
  const custom: Record<string, unknown> = { console, source, sourcetype };
  for (const key in record) if (!NAMED_FIELDS.has(key)) custom[key] = record[key];
  custom.event_fragment =
    record.event_fragment === undefined ? undefined : JSON.stringify(record.event_fragment);
  custom.normalized = normalized;
  return clean({
    '@timestamp': time,
    ecs: { version: ECS_VERSION },
    message,
    event: {
      id: event_id,
      kind: c.kind,
      category: c.category,
      type: c.type,
      action: c.action,
      outcome: 'outcome' in c ? c.outcome : undefined,
      severity: num(record.severity_id),
      dataset: `thinkst_canary.${source}`,
      module: 'thinkst_canary',
      provider: 'canary-collector',
      created: collected_at,
      start: incident ? str(n.created) : undefined,
      original: canary === undefined ? undefined : JSON.stringify(canary),
    },
    rule: incident
      ? { id: String(record.logtype), name: str(record.logtype_name), category: str(record.family) }
      : undefined,
    source:
      sourceIp === undefined
        ? undefined
        : {
            ip: sourceIp,
            port: incident ? num(n.src_port) : undefined,
            domain: incident ? str(n.src_host_reverse) : undefined,
          },
    destination:
      incident && str(n.dst_ip) !== undefined ? { ip: n.dst_ip, port: num(n.dst_port) } : undefined,
    host,
    user: user === undefined ? undefined : { name: user },
    user_agent: audit && str(n.user_agent) !== undefined ? { original: n.user_agent } : undefined,
    observer: { vendor: 'Thinkst', product: 'Canary', type: 'honeypot', name: console },
    related: { ip: [...new Set(ips)], user: user === undefined ? undefined : [user] },
    thinkst_canary: custom,
  }) as EcsDocument;
}
