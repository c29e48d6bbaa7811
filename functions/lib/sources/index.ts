import type { SourceName } from '../core/ports.ts';
import { auditTrail } from './auditTrail.ts';
import { birds } from './birds.ts';
import { incidents } from './incidents.ts';
import { tokens } from './tokens.ts';
import type { SourceDefinition } from './types.ts';

/** Every source's definition, by name: what the local stack, the fleet and the tests run all four with. */
export const SOURCE_DEFINITIONS: Record<SourceName, SourceDefinition<unknown, unknown>> = {
  incidents: incidents as SourceDefinition<unknown, unknown>,
  'audit-trail': auditTrail as SourceDefinition<unknown, unknown>,
  birds: birds as SourceDefinition<unknown, unknown>,
  tokens: tokens as SourceDefinition<unknown, unknown>,
};
