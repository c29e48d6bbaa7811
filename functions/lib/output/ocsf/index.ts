import type { OutputRecord } from '#lib/core/ports.ts';
import { auditActivity } from './activity.ts';
import type { OcsfEvent } from './base.ts';
import { detectionFinding } from './finding.ts';
import { deviceInventory, tokenInventory } from './inventory.ts';

/** A native record in OCSF 1.4.0: the class each source maps to (README: the OCSF mapping table). */
export function toOcsf(record: OutputRecord): OcsfEvent {
  switch (record.source) {
    case 'incident':
    case 'incident_event':
    case 'alert':
      return detectionFinding(record);
    case 'audit':
    case 'audit_push':
      return auditActivity(record);
    case 'bird':
    case 'bird_change':
      return deviceInventory(record);
    case 'token':
      return tokenInventory(record);
    default:
      throw new Error(`no OCSF mapping for source ${record.source}`);
  }
}
