import * as z from 'zod';

/** The console secret: a domain hash or a base URL, and the API auth token. */
export const CredentialsSchema = z
  .object({
    authToken: z.string().min(1, 'authToken must not be empty'),
    domainHash: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'domainHash must be the console sub-domain, e.g. "ab12cd34"')
      .optional(),
    baseUrl: z.string().optional(),
    /** The HMAC key for OUTPUT_CREDENTIALS=hash; derived from authToken when absent. */
    hashKey: z.string().min(16, 'hashKey must be at least 16 characters').optional(),
  })
  .refine((c) => (c.domainHash === undefined) !== (c.baseUrl === undefined), {
    message: 'give exactly one of domainHash or baseUrl',
  });

export type Credentials = z.infer<typeof CredentialsSchema>;
