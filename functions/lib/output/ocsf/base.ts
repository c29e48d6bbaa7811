import type { OutputRecord } from '#lib/core/ports.ts';

/**
 * The OCSF version the collector emits: 1.4.0 is the first release that defines every class and
 * attribute the mapping uses (Cloud Resources Inventory Info, `is_alert`), checked by the tests
 * against the schema generated from that release (siem/securitylake/ocsf-glue.json).
 */
export const OCSF_VERSION = '1.4.0';

export type OcsfEvent = Record<string, unknown>;

export const SEVERITY_CAPTION: Record<number, string> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
};

export interface ClassRef {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
}

export const DETECTION_FINDING: ClassRef = {
  class_uid: 2004,
  class_name: 'Detection Finding',
  category_uid: 2,
  category_name: 'Findings',
};
export const AUTHENTICATION: ClassRef = {
  class_uid: 3002,
  class_name: 'Authentication',
  category_uid: 3,
  category_name: 'Identity & Access Management',
};
export const API_ACTIVITY: ClassRef = {
  class_uid: 6003,
  class_name: 'API Activity',
  category_uid: 6,
  category_name: 'Application Activity',
};
export const DEVICE_INVENTORY_INFO: ClassRef = {
  class_uid: 5001,
  class_name: 'Device Inventory Info',
  category_uid: 5,
  category_name: 'Discovery',
};
export const CLOUD_RESOURCES_INVENTORY_INFO: ClassRef = {
  class_uid: 5023,
  class_name: 'Cloud Resources Inventory Info',
  category_uid: 5,
  category_name: 'Discovery',
};

/**
 * The attributes every OCSF event of the collector has: its class, activity and type, time, severity,
 * and metadata that carries the native record's identity (`metadata.uid` is its `event_id`, so
 * re-deliveries de-duplicate the same way), the console as tenant, and the sourcetype as log name.
 * `message` is the native record's. Everything the mapping did not place stays whole under `unmapped`.
 */
export function baseEvent(
  record: OutputRecord,
  ref: ClassRef,
  activity: { id: number; name: string },
  severityId: number,
  mapped: OcsfEvent,
): OcsfEvent {
  // Fields are read one by one: a rest destructuring of the record (`...rest`) is V8's slow generic copy.
  const message = record.message;
  const parent = record.parent_event_id;
  const metadata: Record<string, unknown> = {
    version: OCSF_VERSION,
    uid: record.event_id,
    product: {
      name: 'Thinkst Canary',
      vendor_name: 'Thinkst',
      feature: { name: `canary-collector ${record.source}` },
    },
    log_name: record.sourcetype,
    tenant_uid: record.console,
    logged_time: isoMs(record.collected_at),
  };
  if (typeof parent === 'string') metadata.correlation_uid = parent;
  const unmapped: Record<string, unknown> = { canary: record.canary };
  for (const key of UNMAPPED) if (record[key] !== undefined) unmapped[key] = record[key];
  // Built property by property: an object literal that starts with a spread (`{ ...ref, ... }`)
  // took V8's slow path, several microseconds an event.
  const event: OcsfEvent = {
    class_uid: ref.class_uid,
    class_name: ref.class_name,
    category_uid: ref.category_uid,
    category_name: ref.category_name,
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: ref.class_uid * 100 + activity.id,
    type_name: `${ref.class_name}: ${activity.name}`,
    time: isoMs(record.time),
    severity_id: severityId,
    severity: SEVERITY_CAPTION[severityId] ?? 'Other',
    metadata,
  };
  for (const key in mapped) event[key] = mapped[key];
  // The native record's sentence, word for word: the same message in every format (the class's
  // own, mapped, is the fallback for a record without one).
  if (typeof message === 'string') event.message = message;
  event.unmapped = unmapped;
  return event;
}

/** Native fields with no OCSF attribute, kept under `unmapped` (after `canary`) when present. */
const UNMAPPED = [
  'part',
  'parts',
  'event_fragment',
  'event_index',
  'redacted_fields',
  'snapshot_at',
  'change',
  'time_fallback',
] as const;

/**
 * Epoch ms of an ISO time; the last answer is kept, since every record of a page shares its
 * collection time and many share their time.
 */
let lastIso = '';
let lastMs = Number.NaN;
function isoMs(iso: string): number {
  if (iso !== lastIso) {
    lastIso = iso;
    lastMs = Date.parse(iso);
  }
  return lastMs;
}

/** Drops null and undefined members, so that optional OCSF attributes are absent rather than null. */
export function present<T extends Record<string, unknown>>(object: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as Partial<T>;
}
