import type { AuditEntry } from '#lib/canary/schemas.ts';
import { canaryTimeToIso } from '#lib/canary/time.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { outputRecord } from './record.ts';
import { auditView } from './semantics.ts';
import { timeFallback } from './times.ts';

/**
 * One `audit` record per entry; `time` from the entry's timestamp, whatever offset it carries, or the
 * collection time with `time_fallback` when it has none that reads.
 */
export function auditRecords(
  consoleName: string,
  entries: AuditEntry[],
  collectedAt: string,
): OutputRecord[] {
  return entries.map((entry) => {
    const time = canaryTimeToIso(entry.timestamp);
    return outputRecord({
      console: consoleName,
      source: 'audit',
      key: [entry.id],
      time: time ?? collectedAt,
      collectedAt,
      canary: entry,
      extra: { ...timeFallback(time === undefined), ...auditView(entry) },
    });
  });
}
