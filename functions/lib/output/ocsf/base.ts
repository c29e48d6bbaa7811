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
  const { event_id, source, console, time, collected_at, sourcetype, canary, ...rest } = record;
  return {
    ...ref,
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: ref.class_uid * 100 + activity.id,
    type_name: `${ref.class_name}: ${activity.name}`,
    time: Date.parse(time),
    severity_id: severityId,
    severity: SEVERITY_CAPTION[severityId] ?? 'Other',
    metadata: {
      version: OCSF_VERSION,
      uid: event_id,
      product: {
        name: 'Thinkst Canary',
        vendor_name: 'Thinkst',
        feature: { name: `canary-collector ${source}` },
      },
      log_name: sourcetype,
      tenant_uid: console,
      logged_time: Date.parse(collected_at),
      ...(typeof rest.parent_event_id === 'string' ? { correlation_uid: rest.parent_event_id } : {}),
    },
    ...mapped,
    // The native record's sentence, word for word: the same message in every format (the class's
    // own, mapped, is the fallback for a record without one).
    ...(typeof rest.message === 'string' ? { message: rest.message } : {}),
    unmapped: {
      canary,
      ...pick(rest, [
        'part',
        'parts',
        'event_fragment',
        'event_index',
        'redacted_fields',
        'snapshot_at',
        'change',
        'time_fallback',
      ]),
    },
  };
}

function pick(from: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => from[key] !== undefined).map((key) => [key, from[key]]));
}

/** Drops null and undefined members, so that optional OCSF attributes are absent rather than null. */
export function present<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<T>;
}
