import * as z from 'zod';
import { AllowedHostsSchema, AuditFromSchema, ConsoleNameSchema, IncidentsFromSchema } from './console.ts';
import { PushNonceSchema } from './pushNonce.ts';
import { SourceNameSchema } from './sources.ts';

/** A console registry entry, as the registry (aws/registry.ts) stores it under `entry`. */
export const RegistryEntrySchema = z.strictObject({
  name: ConsoleNameSchema,
  /** The Secrets Manager secret ({"domainHash" | "baseUrl", "authToken"}) the functions read. */
  secretId: z.string().min(1),
  incidentsFrom: IncidentsFromSchema.optional(),
  auditFrom: AuditFromSchema.optional(),
  allowedHosts: AllowedHostsSchema.default([]),
  /** Per source: off, or another interval than the deployment's; absent means the deployment's. */
  sources: z
    .partialRecord(
      SourceNameSchema,
      z.strictObject({
        enabled: z.boolean().optional(),
        intervalMinutes: z.number().int().min(1).max(1440).optional(),
      }),
    )
    .default({}),
  paused: z.boolean().default(false),
  addedAt: z.iso.datetime(),
  /** Who owns the entry: the CLI (console add), or the deployment config's list (applied at deploy). */
  managedBy: z.enum(['cli', 'config']).default('cli'),
  /** Mixed into the console's webhook header (push/auth.ts); absent on entries older than it. */
  pushNonce: PushNonceSchema.optional(),
});

export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;
export type RegistryEntryInput = z.input<typeof RegistryEntrySchema>;
