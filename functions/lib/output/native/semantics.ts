import type { Incident } from '#lib/canary/schemas.ts';
import { canaryTimeToIso, epochToIso, msToIso } from '#lib/canary/time.ts';
import { describeLogtype } from '../shared/logtypes.ts';
import { bool, text, whole } from '../shared/values.ts';
import { describeEvent } from './eventText.ts';
import { incidentHeadline } from './headline.ts';

/**
 * What a record *is*, for alerting: `event_kind` and `alert`, and a readable `message`.
 * A rule "alert = true" fires once per incident: on the first delivery of an unacknowledged attack
 * incident (its first part when it is split, its `incident` record when flattened, never its
 * events), never on its later versions, never on its acknowledgement, never on an operational
 * logtype (disconnects, settings changes); with push, on whichever of push and poll told it first
 * (docs/output.md, "One alert per incident").
 */
export type EventKind = 'new' | 'updated' | 'acknowledged' | 'activity' | 'snapshot' | 'change';

export interface Semantics {
  message: string;
  event_kind: EventKind;
  alert: boolean;
  [field: string]: unknown;
}

/**
 * An incident version; `seen` when an earlier version of it was delivered already, `pushed` when a
 * webhook told it first (its `alert` record alerted: see aws/alertClaims.ts). `newEvents`, when the
 * caller knows it, is how many of its events were not delivered before. The message says what the
 * incident is, and on a later version what changed: acknowledged, or how many events joined it.
 */
export function incidentSemantics(
  incident: Incident,
  seen: boolean,
  pushed = false,
  newEvents?: number,
): Semantics {
  const d = incident.description as Record<string, unknown>;
  const info = describeLogtype(d.logtype);
  const acknowledged = bool(d.acknowledged) === true;
  const event_kind: EventKind = acknowledged ? 'acknowledged' : seen ? 'updated' : 'new';
  const headline = incidentHeadline(incident, info);
  return {
    message: event_kind === 'new' ? headline : `${headline}: ${change(incident, acknowledged, newEvents)}`,
    event_kind,
    alert: info.category === 'attack' && event_kind === 'new' && !pushed,
  };
}

/** What a later version changed: "acknowledged", "2 new events (5 in all)", "updated (5 events)". */
function change(incident: Incident, acknowledged: boolean, newEvents: number | undefined): string {
  const total = whole(incident.description.events_count) ?? incident.description.events?.length ?? null;
  const all =
    total === null ? '' : ` (${total} ${total === 1 ? 'event' : 'events'}${newEvents ? ' in all' : ''})`;
  const joined =
    newEvents === undefined || newEvents === 0
      ? null
      : `${newEvents} new ${newEvents === 1 ? 'event' : 'events'}`;
  if (acknowledged) return joined === null ? 'acknowledged' : `acknowledged, ${joined}${all}`;
  return joined === null ? `updated${all}` : `${joined}${all}`;
}

/**
 * The events of an incident version, flattened: never alerting (their incident's record does, once),
 * with the version's kind. Each event's message is its incident's sentence and what the event was
 * (eventText.ts: who, what was tried, from where), else which event of how many.
 */
export function incidentEventSemantics(
  incident: Incident,
  seen: boolean,
  pushed = false,
): (index: number, event: unknown) => Semantics {
  const version = incidentSemantics(incident, seen, pushed);
  const headline = incidentHeadline(incident, describeLogtype(incident.description.logtype));
  const total = incident.description.events?.length ?? 0;
  // Object.assign, not `{ ...version, ... }`: an object literal that starts with a spread is V8's slow path
  return (index, event) =>
    Object.assign({}, version, {
      alert: false,
      message: `${headline}: ${describeEvent(event) ?? `event ${index + 1} of ${total}`}`,
    });
}

/** An audit-trail entry: who did what, typed. */
export function auditView(
  entry: Record<string, unknown>,
): Semantics & { normalized: Record<string, unknown> } {
  const user = text(entry.user);
  const action = text(entry.action_type);
  const ip = text(entry.user_ip);
  const said = text(entry.message);
  return {
    message: `${said ?? `${user ?? 'Someone'} ${action ?? 'acted'}`}${ip === null ? '' : ` (from ${ip})`}`,
    event_kind: 'activity',
    alert: false,
    normalized: {
      audit_id: whole(entry.id),
      action,
      user,
      user_ip: ip,
      user_agent: text(entry.user_browser_agent),
      flock_id: text(entry.flock_id),
      time: canaryTimeToIso(entry.timestamp) ?? null,
    },
  };
}

/** A bird, typed: its address, state and times as the SIEM can compare them. */
export function birdNormalized(device: Record<string, unknown>): Record<string, unknown> {
  return {
    bird_id: text(device.id),
    name: text(device.name),
    ip: text(device.ip_address),
    mac: text(device.mac_address),
    live: bool(device.live),
    location: text(device.location),
    description: text(device.description),
    personality: text(device.personality),
    version: text(device.version),
    // "Tue Apr 14 2020 22:11:18 GMT+0000 (UTC)" on /devices/all, epoch seconds in a string on other replies
    first_seen: seenTime(device.first_seen, device.first_seen_std),
    last_seen: seenTime(device.last_seen, device.last_seen_std),
    uptime_seconds: whole(device.uptime),
  };
}

export function birdSemantics(device: Record<string, unknown>, change?: string): Semantics {
  const name = text(device.name) ?? text(device.id) ?? 'a Canary';
  if (change === undefined) {
    const live = bool(device.live);
    return {
      message: `Canary ${name} is ${live === false ? 'offline' : 'online'}`,
      event_kind: 'snapshot',
      alert: false,
    };
  }
  const what: Record<string, string> = {
    offline: 'went offline',
    online: 'came back online',
    appeared: 'appeared',
    disappeared: 'disappeared from the console',
  };
  return { message: `Canary ${name} ${what[change] ?? change}`, event_kind: 'change', alert: false };
}

/** A Canarytoken (its secrets already removed), typed. */
export function tokenView(
  token: Record<string, unknown>,
): Semantics & { normalized: Record<string, unknown> } {
  const kind = text(token.kind);
  const memo = text(token.memo);
  const enabled = bool(token.enabled);
  return {
    message: `Canarytoken${kind === null ? '' : ` ${kind}`}${memo === null ? '' : ` "${memo}"`} is ${enabled === false ? 'disabled' : 'enabled'}`,
    event_kind: 'snapshot',
    alert: false,
    normalized: {
      canarytoken: text(token.canarytoken),
      kind,
      memo,
      enabled,
      created: epochToIso(token.created) ?? null,
      flock_id: text(token.flock_id),
      triggered_count: whole(token.triggered_count),
      hostname: text(token.hostname),
    },
  };
}

function seenTime(value: unknown, std: unknown): string | null {
  return httpTimeToIso(value) ?? epochToIso(value) ?? canaryTimeToIso(std) ?? null;
}

/** "Thu, 01 Jan 2026 01:00:00 GMT" or "Tue Apr 14 2020 22:11:18 GMT+0000 (UTC)" (/devices/all) as ISO 8601 UTC. */
function httpTimeToIso(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/GMT([+-]\d{4})?( \([A-Z]+\))?$/.test(value)) return undefined;
  // The legacy parser takes any year ("Apr 14 20200"): msToIso keeps the result a four-digit-year time.
  return msToIso(Date.parse(value));
}
