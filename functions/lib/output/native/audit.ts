import type { AuditEntry } from '#lib/canary/schemas.ts';
import { canaryTimeToIso } from '#lib/canary/time.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { outputRecord } from './record.ts';
import { auditView } from './semantics.ts';

/** One `audit` record per entry; `time` from the entry's timestamp, whatever offset it carries. */
export function auditRecords(
  consoleName: string,
  entries: AuditEntry[],
  collectedAt: string,
): OutputRecord[] {
  return entries.map((entry) =>
    outputRecord({
      console: consoleName,
      source: 'audit',
      key: [entry.id],
      time: canaryTimeToIso(entry.timestamp) ?? collectedAt,
      collectedAt,
      canary: entry,
      extra: auditView(entry),
    }),
  );
}
