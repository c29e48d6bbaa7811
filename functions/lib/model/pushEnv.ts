import * as z from 'zod';
import { OutputEnv } from './collectorEnv.ts';
import { DeliveryEnv, deliveryIssues } from './delivery.ts';
import { intIn, PowertoolsEnv } from './env.ts';
import { parseOrThrow } from './issues.ts';

/**
 * The push receiver's environment (the stack sets it; docs/configuration.md lists it): the
 * collectors' table, delivery and output variables, as they define them, and its own.
 */
export const PushEnvSchema = z
  .object({
    CHECKPOINT_TABLE: z.string({ message: 'CHECKPOINT_TABLE is required' }).min(3),
    ...DeliveryEnv,
    ...OutputEnv,
    SECRET_TTL_SECONDS: intIn('SECRET_TTL_SECONDS', 0, 86_400, 300),
    /** The secret holding {"key": "<push key>"}. */
    PUSH_SECRET_ID: z.string({ message: 'PUSH_SECRET_ID is required' }).min(1),
    PUSH_MAX_BODY_BYTES: intIn('PUSH_MAX_BODY_BYTES', 1024, 1_000_000, 262_144),
    PUSH_MAX_AGE_SECONDS: intIn('PUSH_MAX_AGE_SECONDS', 60, 86_400, 3600),
    PUSH_RATE_PER_SECOND: intIn('PUSH_RATE_PER_SECOND', 1, 1000, 20),
    PUSH_BURST: intIn('PUSH_BURST', 1, 10_000, 100),
    ...PowertoolsEnv,
  })
  .superRefine(deliveryIssues, { when: () => true });

export type PushEnv = z.infer<typeof PushEnvSchema>;

export const loadPushEnv = (env: Record<string, string | undefined>): PushEnv =>
  parseOrThrow(PushEnvSchema, env, 'push receiver configuration');
