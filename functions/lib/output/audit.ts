import type { AuditEntry } from '../canary/schemas.ts';
import type { OutputRecord } from '../core/ports.ts';
import { canaryTimeToIso, eventId } from './common.ts';

/** One `audit` record per entry; `time` from the entry's timestamp, whatever offset it carries. */
export function auditRecords(
  consoleName: string,
  entries: AuditEntry[],
  collectedAt: string,
): OutputRecord[] {
  return entries.map((entry) => ({
    event_id: eventId(consoleName, 'audit', entry.id),
    source: 'audit',
    console: consoleName,
    time: canaryTimeToIso(entry.timestamp) ?? collectedAt,
    collected_at: collectedAt,
    canary: entry,
  }));
}
