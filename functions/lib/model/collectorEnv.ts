import * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import {
  AllowedHostsSchema,
  AuditFromSchema,
  ConsoleNameSchema,
  futureStartIssues,
  IncidentsFromSchema,
} from './console.ts';
import { DeliveryEnv, deliveryIssues } from './delivery.ts';
import { flag, intIn, jsonText, oneOf, PowertoolsEnv } from './env.ts';
import { parseOrThrow } from './issues.ts';

/**
 * The collectors' environment, read once per container: every bad key is reported at once, by name,
 * in one CONFIG_INVALID error. docs/configuration.md documents each key; infra writes them through
 * this schema's type (infra/config/environment.ts), so the stack cannot set one it does not read.
 */

const ConsoleSchema = z.strictObject({
  name: ConsoleNameSchema,
  secretId: z.string().min(1, 'secretId is the ARN or name of the console secret'),
  incidentsFrom: IncidentsFromSchema.optional(),
  auditFrom: AuditFromSchema.optional(),
  allowedHosts: AllowedHostsSchema.default([]),
});

export type ConsoleConfig = z.infer<typeof ConsoleSchema>;

export const OUTPUT_FORMATS = ['native', 'ocsf', 'ecs'] as const;
export const CREDENTIAL_MODES = ['mask', 'hash', 'keep'] as const;

/** The output variables: the collectors and the push receiver shape records alike. */
export const OutputEnv = {
  /** native (the Canary objects with a typed view), ocsf (OCSF 1.4.0 events) or ecs (ECS 8.17 documents). */
  OUTPUT_FORMAT: oneOf('OUTPUT_FORMAT', OUTPUT_FORMATS, 'native'),
  /** splunk-hec: each record in Splunk HEC's event envelope, naming its own sourcetype and time. */
  OUTPUT_ENVELOPE: oneOf('OUTPUT_ENVELOPE', ['none', 'splunk-hec'], 'none'),
  /** What to do with credential material attackers sent: mask (default), hash (HMAC) or keep. */
  OUTPUT_CREDENTIALS: oneOf('OUTPUT_CREDENTIALS', CREDENTIAL_MODES, 'mask'),
};

/** The schema, with the clock its "start in the future" rule reads (tests give their own). */
export const collectorEnvSchema = (now: () => number = Date.now) =>
  z
    .object({
      CHECKPOINT_TABLE: z.string({ message: 'CHECKPOINT_TABLE is required' }).min(3),
      ...DeliveryEnv,
      /** The consoles, as a JSON array (local runs); or CONSOLE_REGISTRY=true to read each from the registry. */
      CONSOLES: jsonText('CONSOLES')
        .pipe(
          z
            .array(ConsoleSchema)
            .min(1, 'CONSOLES must list at least one console')
            .refine(
              (list) => new Set(list.map((c) => c.name)).size === list.length,
              'console names must be unique',
            ),
        )
        .optional(),
      CONSOLE_REGISTRY: flag('CONSOLE_REGISTRY'),
      PAGE_SIZE: intIn('PAGE_SIZE', 1, 10_000, 1000),
      AUDIT_PAGE_SIZE: intIn('AUDIT_PAGE_SIZE', 1, 10_000, 500),
      TOKENS_PAGE_SIZE: intIn('TOKENS_PAGE_SIZE', 1, 1000, 100),
      BIRDS_INTERVAL_MINUTES: intIn('BIRDS_INTERVAL_MINUTES', 60, 10_080, 60),
      TOKENS_INTERVAL_MINUTES: intIn('TOKENS_INTERVAL_MINUTES', 60, 10_080, 60),
      /** Local runs only (the CLI's --snapshot-interval; the stack never sets it): seconds between snapshots. */
      LOCAL_SNAPSHOT_INTERVAL_SECONDS: z.coerce
        .number({ message: 'LOCAL_SNAPSHOT_INTERVAL_SECONDS must be a whole number' })
        .int('LOCAL_SNAPSHOT_INTERVAL_SECONDS must be a whole number')
        .min(10, 'LOCAL_SNAPSHOT_INTERVAL_SECONDS must be at least 10')
        .max(86_400, 'LOCAL_SNAPSHOT_INTERVAL_SECONDS must be at most 86400')
        .optional(),
      HTTP_TIMEOUT_MS: intIn('HTTP_TIMEOUT_MS', 1000, 120_000, 15_000),
      HTTP_MAX_RETRIES: intIn('HTTP_MAX_RETRIES', 0, 10, 4),
      TIME_MARGIN_MS: intIn('TIME_MARGIN_MS', 0, 600_000, 20_000),
      SECRET_TTL_SECONDS: intIn('SECRET_TTL_SECONDS', 0, 86_400, 300),
      ...OutputEnv,
      /** Flattening: one incident_event record per new event besides the incident record. */
      OUTPUT_FLATTEN: flag('OUTPUT_FLATTEN'),
      /** true when the deployment receives webhooks: a poll does not alert on an incident a push told first. */
      PUSH_CORRELATION: flag('PUSH_CORRELATION'),
      ...PowertoolsEnv,
    })
    // every rule runs even when a key failed to parse, so one error lists every problem
    .superRefine(
      (env, ctx) => {
        if (env.CONSOLES === undefined && env.CONSOLE_REGISTRY !== true)
          ctx.addIssue({
            code: 'custom',
            path: ['CONSOLES'],
            message: 'CONSOLES is required: a JSON array of consoles (or CONSOLE_REGISTRY=true for a fleet)',
          });
        deliveryIssues(env, ctx);
        if (Array.isArray(env.CONSOLES))
          env.CONSOLES.forEach((console, index) => {
            futureStartIssues(console, ['CONSOLES', index], ctx, now());
          });
      },
      { when: () => true },
    );

export const CollectorEnvSchema = collectorEnvSchema();
export type CollectorConfig = z.infer<typeof CollectorEnvSchema>;

export function loadConfig(
  env: Record<string, string | undefined>,
  now: number = Date.now(),
): CollectorConfig {
  return parseOrThrow(
    collectorEnvSchema(() => now),
    env,
    'configuration',
  );
}

export function findConsole(config: CollectorConfig, name: string): ConsoleConfig {
  const found = config.CONSOLES?.find((c) => c.name === name);
  if (found === undefined) {
    const known = (config.CONSOLES ?? []).map((c) => c.name).join(', ');
    throw new CollectorError('CONSOLE_UNKNOWN', `console "${name}" is not configured (configured: ${known})`);
  }
  return found;
}
