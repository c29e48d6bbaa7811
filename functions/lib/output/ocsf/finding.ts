import type { OutputRecord } from '#lib/core/ports.ts';
import { baseEvent, DETECTION_FINDING, type OcsfEvent, present } from './base.ts';

interface NormalizedIncident {
  /** null on a pushed alert: the webhook carries the incident's hash, not its id. */
  incident_id: string | null;
  hash_id: string | null;
  summary: string | null;
  acknowledged: boolean | null;
  created: string | null;
  updated: string | null;
  events_count: number | null;
  src_ip: string | null;
  src_port: number | null;
  src_host_reverse: string | null;
  dst_ip: string | null;
  dst_port: number | null;
  canary_name: string | null;
  canary_id: string | null;
  flock_id: string | null;
  flock_name: string | null;
}

const ms = (iso: string | null) => (iso === null ? undefined : Date.parse(iso));

/**
 * An incident version (or a pushed alert) as a Detection Finding: created while open, closed once
 * acknowledged; a flattened event is an update to its incident's finding. The attacker is the
 * evidence's source endpoint, the Canary its destination and the affected resource. Canaries rarely
 * raise false alarms, hence a high confidence. `is_alert` is the record's `alert`: true on the first
 * of push and poll to tell an incident, never again; `metadata.correlation_uid` is the incident hash,
 * which a pushed alert and the polled incident share.
 */
export function detectionFinding(record: OutputRecord): OcsfEvent {
  const n = record.normalized as NormalizedIncident;
  const acknowledged = n.acknowledged === true;
  const activity =
    record.source === 'incident_event'
      ? { id: 2, name: 'Update' }
      : acknowledged
        ? { id: 3, name: 'Close' }
        : { id: 1, name: 'Create' };
  const token = String(record.family).startsWith('canarytoken');
  const event = baseEvent(
    record,
    DETECTION_FINDING,
    activity,
    record.severity_id as number,
    present({
      message: n.summary ?? String(record.logtype_name),
      status_id: acknowledged ? 4 : 1,
      status: acknowledged ? 'Resolved' : 'New',
      is_alert: record.alert === true,
      confidence_id: 3,
      confidence: 'High',
      count: n.events_count ?? undefined,
      start_time: ms(n.created),
      finding_info: present({
        uid: n.incident_id ?? n.hash_id ?? String(record.event_id),
        title: String(record.logtype_name),
        desc: n.summary ?? undefined,
        created_time: ms(n.created),
        modified_time: ms(n.updated),
        types: [String(record.family)],
        analytic: {
          uid: String(record.logtype),
          name: String(record.logtype_name),
          type_id: 1,
          type: 'Rule',
        },
      }),
      evidences:
        n.src_ip === null
          ? undefined
          : [
              present({
                src_endpoint: present({ ip: n.src_ip, port: n.src_port, hostname: n.src_host_reverse }),
                dst_endpoint:
                  n.dst_ip === null && n.canary_id === null
                    ? undefined
                    : present({ ip: n.dst_ip, port: n.dst_port, name: n.canary_name, uid: n.canary_id }),
              }),
            ],
      resources:
        n.canary_id === null
          ? undefined
          : [
              present({
                uid: n.canary_id,
                name: n.canary_name,
                type: token ? 'Canarytoken' : 'Canary',
                group: n.flock_id === null ? undefined : present({ uid: n.flock_id, name: n.flock_name }),
              }),
            ],
    }),
  );
  if (record.source !== 'incident_event' && n.hash_id !== null)
    (event.metadata as Record<string, unknown>).correlation_uid = n.hash_id;
  return event;
}
