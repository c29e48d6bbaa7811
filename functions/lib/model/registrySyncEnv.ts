import * as z from 'zod';
import { PowertoolsEnv } from './env.ts';
import { parseOrThrow } from './issues.ts';

/** The console-list sync's environment: the table whose registry it writes. */
export const RegistrySyncEnvSchema = z.object({
  CHECKPOINT_TABLE: z.string({ message: 'CHECKPOINT_TABLE is required' }).min(3),
  ...PowertoolsEnv,
});

export type RegistrySyncEnv = z.infer<typeof RegistrySyncEnvSchema>;

export const loadRegistrySyncEnv = (env: Record<string, string | undefined>): RegistrySyncEnv =>
  parseOrThrow(RegistrySyncEnvSchema, env, 'console-list sync configuration');
