import { AuditSource, type AuditState, AuditStateSchema } from '../canary/audit.ts';
import type { AuditEntry } from '../canary/schemas.ts';
import { auditRecords } from '../output/audit.ts';
import { fingerprint } from './fingerprint.ts';
import type { SourceDefinition } from './types.ts';

export const auditTrail: SourceDefinition<AuditState, AuditEntry> = {
  name: 'audit-trail',
  bind(client, console, config) {
    const from = console.auditFrom === undefined ? undefined : Date.parse(`${console.auditFrom}T00:00:00Z`);
    return {
      source: new AuditSource(client, {
        pageSize: config.AUDIT_PAGE_SIZE,
        ...(from === undefined ? {} : { fromEpochMs: from }),
      }),
      stateSchema: AuditStateSchema,
      initialState: { lastAuditId: 0 },
      fingerprint: fingerprint(`audit|from=${console.auditFrom ?? ''}`),
      normalise: (items, collectedAt) => auditRecords(console.name, items, collectedAt),
    };
  },
};
