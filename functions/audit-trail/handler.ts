import { createHandler } from '../lib/entrypoints/collector.ts';
import { auditTrail } from '../lib/sources/auditTrail.ts';

/** Lambda entry point for the audit trail; the schedule's input names the console. */
export const handler = createHandler(auditTrail);
