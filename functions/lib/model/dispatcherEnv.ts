import * as z from 'zod';
import { jsonText, PowertoolsEnv } from './env.ts';
import { parseOrThrow } from './issues.ts';
import { SourceNameSchema } from './sources.ts';

const json = <T extends z.ZodType>(name: string, schema: T) =>
  jsonText(name, `${name} is required`).pipe(schema);

/** The fleet dispatcher's environment (the stack writes it through this schema's type). */
export const DispatcherEnvSchema = z.object({
  CHECKPOINT_TABLE: z.string({ message: 'CHECKPOINT_TABLE is required' }).min(3),
  /** source → the URL of its run-request queue */
  DISPATCH_QUEUES: json('DISPATCH_QUEUES', z.partialRecord(SourceNameSchema, z.url())),
  /** source → the deployment's default: enabled, interval in minutes */
  SOURCE_DEFAULTS: json(
    'SOURCE_DEFAULTS',
    z.partialRecord(
      SourceNameSchema,
      z.strictObject({ enabled: z.boolean(), intervalMinutes: z.number().int().min(1) }),
    ),
  ),
  ...PowertoolsEnv,
});

export type DispatcherEnv = z.infer<typeof DispatcherEnvSchema>;

export const loadDispatcherEnv = (env: Record<string, string | undefined>): DispatcherEnv =>
  parseOrThrow(DispatcherEnvSchema, env, 'dispatcher configuration');
