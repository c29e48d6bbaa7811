import { msToIso } from '../canary/time.ts';
import type { OutputRecord } from '../core/ports.ts';
import { tokenHeadline } from '../output/native/headline.ts';
import { logtypeFieldsOf } from '../output/native/incidentView.ts';
import { outputRecord } from '../output/native/record.ts';
import { auditView } from '../output/native/semantics.ts';
import { type CredentialPolicy, credentialTreatment, treatNamedValue } from '../output/shared/credentials.ts';
import { describeLogtype } from '../output/shared/logtypes.ts';
import { port, text } from '../output/shared/values.ts';
import type { AuditWebhook, IncidentWebhook, Webhook } from './payload.ts';
import { webhookTimeToIso } from './payload.ts';

/**
 * Pushed records. An incident webhook becomes an `alert` record: the same logtype fields, semantics
 * and `normalized` shape as a polled `incident` (so every format and query treats both alike), its
 * `event_id` from the console and the incident hash alone. An audit webhook becomes `audit_push`, the
 * early copy of an entry the `audit` source delivers later with its id (the webhook has none). The
 * console's test webhook becomes an `alert` record that never alerts.
 */
export interface PushedRecordOptions {
  credentials: CredentialPolicy;
  /** Whether this push is the first of push and poll to tell the incident (see alertClaims.ts). */
  alert: boolean;
}

export function pushedRecord(
  consoleName: string,
  webhook: Webhook,
  receivedAt: string,
  options: PushedRecordOptions,
): OutputRecord {
  if (webhook.kind === 'audit') return auditPushRecord(consoleName, webhook.body, receivedAt);
  const body = webhook.body as IncidentWebhook;
  const test = webhook.kind === 'test';
  const info = describeLogtype(body.LogType);
  const time = webhookTimeToIso(body.Timestamp);
  const hash = test ? null : body.IncidentHash;
  const treat = credentialTreatment(options.credentials);
  const details =
    body.AdditionalDetails === undefined || treat === undefined
      ? body.AdditionalDetails
      : body.AdditionalDetails.map(([name, value]) => [name, treatNamedValue(name, value, treat)]);
  const canary = text(body.CanaryName) ?? text(body.CanaryID) ?? 'a Canary';
  // a Canarytoken's HTTP hit names its source port among the details; other webhooks carry none
  const srcPort = port(body.AdditionalDetails?.find(([name]) => /^src ?port$/i.test(name))?.[1]);
  const from = text(body.SourceIP) ?? 'an unknown source';
  const token = info.family.startsWith('canarytoken') || body.AlertType === 'CanarytokenIncident';
  const headline = test
    ? 'Test webhook from the console'
    : token
      ? tokenHeadline(info, text(body.Reminder), text(body.Token), from)
      : `${info.name} on ${canary}${port(body.CanaryPort) === null ? '' : ` port ${port(body.CanaryPort)}`} from ${from}`;
  const record = outputRecord({
    console: consoleName,
    source: 'alert',
    // one id per incident, whatever its Timestamp: a replay (or a resend) is the same record to a SIEM
    key: hash === null ? ['test', body.Timestamp] : [hash],
    time,
    collectedAt: receivedAt,
    canary: details === undefined ? body : { ...body, AdditionalDetails: details },
    extra: {
      message: headline,
      event_kind: test ? 'test' : 'new',
      alert: !test && info.category === 'attack' && options.alert,
      ...logtypeFieldsOf(body.LogType),
      ...(test ? { category: 'test' } : {}),
      normalized: {
        incident_id: null,
        hash_id: hash,
        summary: text(body.Description),
        acknowledged: false,
        notified: null,
        created: time,
        updated: time,
        updated_id: null,
        events_count: null,
        src_ip: text(body.SourceIP),
        src_port: srcPort,
        src_host_reverse: text(body.ReverseDNS),
        dst_ip: text(body.CanaryIP),
        dst_port: port(body.CanaryPort),
        canary_name: text(body.CanaryName),
        canary_id: text(body.CanaryID),
        canary_mac: null,
        flock_id: text(body.Flock),
        flock_name: null,
        memo: text(body.Reminder),
        canarytoken: token ? text(body.Token) : null,
      },
    },
  });
  return record;
}

/** An audit webhook's entry has the polled entry's field names, and no id: the same view. */
function auditPushRecord(consoleName: string, webhook: AuditWebhook, receivedAt: string): OutputRecord {
  const entry = webhook.payload;
  // the schema lets only real times through; a time that still does not read falls back, never throws
  const time = msToIso(Date.parse(entry.timestamp)) ?? receivedAt;
  return outputRecord({
    console: consoleName,
    source: 'audit_push',
    key: [time, entry.action_type, text(entry.user) ?? '', text(entry.message) ?? ''],
    time,
    collectedAt: receivedAt,
    canary: entry,
    extra: auditView(entry),
  });
}
