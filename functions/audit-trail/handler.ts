import { createHandler } from '../lib/entrypoints/collector.ts';
import { auditTrail } from '../lib/sources/auditTrail.ts';

/** Lambda entry point for the audit trail: each run request on its queue names the console (the dispatcher sends them). */
export const handler = createHandler(auditTrail);
