import type { Incident } from '#lib/canary/schemas.ts';
import { epochToIso } from '#lib/canary/time.ts';
import { type CredentialPolicy, credentialTreatment, treatEvent } from '../shared/credentials.ts';
import { describeLogtype, SEVERITY_ID } from '../shared/logtypes.ts';
import { bool, port, text, whole } from '../shared/values.ts';
import { canarytokenOf } from './headline.ts';

/**
 * The incident with its events' credential material treated by `policy`: a copy where anything was
 * treated, the incident itself where nothing was (the input is never changed; records are not changed
 * once made).
 */
export function applyCredentialPolicy(incident: Incident, policy: CredentialPolicy): Incident {
  const treat = credentialTreatment(policy);
  if (treat === undefined || !Array.isArray(incident.description.events)) return incident;
  const events = treatEvent(incident.description.events, treat) as unknown[];
  if (events === incident.description.events) return incident;
  return { ...incident, description: { ...incident.description, events } };
}

/** The logtype's catalogue entry as top-level fields of an incident record. */
export function logtypeFields(incident: Incident): Record<string, unknown> {
  return logtypeFieldsOf(incident.description.logtype);
}

/** The same fields for a logtype as any source gives it (a pushed webhook's `LogType`). */
export function logtypeFieldsOf(logtype: unknown): Record<string, unknown> {
  const info = describeLogtype(logtype);
  return {
    logtype: info.logtype,
    logtype_name: info.name,
    logtype_known: info.known,
    family: info.family,
    category: info.category,
    severity: info.severity,
    severity_id: SEVERITY_ID[info.severity],
  };
}

/** The incident's fields with proper types: booleans, ports and counts as numbers, times in ISO 8601 UTC. */
export function normalizedIncident(incident: Incident): Record<string, unknown> {
  const d = incident.description as Record<string, unknown>;
  return {
    incident_id: incident.id,
    hash_id: text(incident.hash_id),
    summary: text(incident.summary) ?? text(d.description),
    acknowledged: bool(d.acknowledged),
    notified: bool(d.notified),
    created: epochToIso(d.created) ?? null,
    updated: epochToIso(incident.updated_time) ?? null,
    updated_id: incident.updated_id,
    events_count: whole(d.events_count),
    src_ip: text(d.src_host),
    src_port: port(d.src_port),
    src_host_reverse: text(d.src_host_reverse),
    dst_ip: text(d.dst_host),
    dst_port: port(d.dst_port),
    canary_name: text(d.name),
    canary_id: text(d.node_id),
    canary_mac: text(d.mac_address),
    flock_id: text(d.flock_id),
    flock_name: text(d.flock_name),
    memo: text(d.memo),
    // the token a Canarytoken incident is about (its events name it), so it joins canary_token
    canarytoken: describeLogtype(d.logtype).family.startsWith('canarytoken') ? canarytokenOf(incident) : null,
  };
}
