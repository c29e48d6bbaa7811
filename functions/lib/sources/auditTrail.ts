import { AuditReader, type AuditState, AuditStateSchema } from '../canary/audit.ts';
import type { AuditEntry } from '../canary/schemas.ts';
import { inFormat } from '../output/format.ts';
import { auditRecords } from '../output/native/audit.ts';
import { fingerprint, startEpochMs } from './start.ts';
import type { SourceDefinition } from './types.ts';

export const auditTrail: SourceDefinition<AuditState, AuditEntry> = {
  name: 'audit-trail',
  stateSchema: AuditStateSchema,
  bind({ client, console, config, startOverride, maxRecordBytes }) {
    const from = startEpochMs(startOverride ?? console.auditFrom);
    return {
      reader: new AuditReader(client, {
        pageSize: config.AUDIT_PAGE_SIZE,
        ...(from === undefined ? {} : { fromEpochMs: from }),
      }),
      initialState: { lastAuditId: 0 },
      fingerprint: fingerprint(`audit|from=${from ?? ''}`),
      normalize: inFormat<AuditEntry>(
        (items, collectedAt) => auditRecords(console.name, items, collectedAt),
        config.OUTPUT_FORMAT,
        maxRecordBytes,
        { parquet: config.DELIVERY_STREAMS !== undefined },
      ),
    };
  },
};
