import * as z from 'zod';

/**
 * Response schemas. Objects are loose: fields the console adds later are kept, never stripped,
 * because the raw object goes to the SIEM as it came.
 */

export const ErrorBodySchema = z.looseObject({
  result: z.string().optional(),
  message: z.string().optional(),
});

export const CursorSchema = z.looseObject({ next: z.string().nullish() });

/** A JSON number, or a string of digits (the API sends many numbers as strings). */
export const IntLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/** Epoch seconds as the API sends them: a number, or a (possibly fractional) numeric string. */
export const EpochLike = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]);

export const PingSchema = z.looseObject({ result: z.literal('success') });

export const IncidentSchema = z.looseObject({
  id: z.string().min(1),
  updated_id: IntLike,
  summary: z.string().optional(),
  updated_time: EpochLike.optional(),
  description: z.looseObject({
    created: EpochLike.optional(),
    logtype: z.union([z.string(), z.number()]).optional(),
    events: z.array(z.unknown()).optional(),
  }),
});

export type Incident = z.infer<typeof IncidentSchema>;

export const IncidentsPageSchema = z.looseObject({
  incidents: z.array(IncidentSchema),
  cursor: CursorSchema.nullish(),
  max_updated_id: IntLike.optional(),
});

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export const AuditEntrySchema = z.looseObject({
  id: IntLike,
  action_type: z.string().optional(),
  timestamp: z.string().optional(),
});

export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.looseObject({
  audit_trail: z.array(AuditEntrySchema),
  cursor: CursorSchema.nullish(),
});

export const DeviceSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  live: z.union([z.boolean(), z.string()]).optional(),
});

export type Device = z.infer<typeof DeviceSchema>;

export const DevicesPageSchema = z.looseObject({ devices: z.array(DeviceSchema) });

export const TokenSchema = z.looseObject({
  canarytoken: z.string().optional(),
  key: z.string().optional(),
  kind: z.string().optional(),
});

export type Token = z.infer<typeof TokenSchema>;

export const TokensPageSchema = z.looseObject({
  canarytokens: z.array(TokenSchema),
  cursor: CursorSchema.nullish(),
});
