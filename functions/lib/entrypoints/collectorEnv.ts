import * as z from 'zod';
import { CollectorError } from '../core/errors.ts';

/**
 * The collector's configuration, read from the environment once per container. Every bad key is
 * reported at once, by name, in one CONFIG_INVALID error. The README documents each key.
 */

const ConsoleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a console name is 1-64 letters, digits, "_", "." or "-"'),
  secretId: z.string().min(1, 'secretId is the ARN or name of the console secret'),
  /** Incidents created before this are not collected. Timezone-aware, like Devo's datetime_from. */
  incidentsFrom: z.iso
    .datetime({
      offset: true,
      message: 'incidentsFrom must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z',
    })
    .optional(),
  /** Audit entries before this date are not collected (a date, like Devo's date_from). */
  auditFrom: z.iso.date({ message: 'auditFrom must be a date, e.g. 2026-01-01' }).optional(),
  /** Extra https hosts this console may be reached at (besides *.canary.tools). */
  allowedHosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'allowedHosts holds host names only')).default([]),
});

export type ConsoleConfig = z.infer<typeof ConsoleSchema>;

export const intIn = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

/** A variable holding JSON: parsed, or one "<name> is not valid JSON" issue. */
export const jsonText = (name: string, required?: string) =>
  z.string(required === undefined ? undefined : { message: required }).transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `${name} is not valid JSON` });
      return z.NEVER;
    }
  });
const consolesFromJson = jsonText('CONSOLES');

export const EnvSchema = z.object({
  CHECKPOINT_TABLE: z.string({ message: 'CHECKPOINT_TABLE is required' }).min(3),
  /** The one delivery stream; or DELIVERY_STREAMS, a stream per OCSF class (Security Lake). */
  DELIVERY_STREAM: z.string().min(1, 'DELIVERY_STREAM must not be empty').optional(),
  DELIVERY_STREAMS: jsonText('DELIVERY_STREAMS')
    .pipe(
      z.record(z.string().regex(/^\d+$/), z.string().min(1), {
        message: 'DELIVERY_STREAMS must map OCSF class_uid to a stream name',
      }),
    )
    .optional(),
  /** The consoles, as a JSON array; or CONSOLE_REGISTRY=true to read each from the registry (a fleet). */
  CONSOLES: consolesFromJson
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
  CONSOLE_REGISTRY: z
    .enum(['true', 'false'], { message: 'CONSOLE_REGISTRY must be true or false' })
    .default('false'),
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
  /** native (the Canary objects with a typed view), ocsf (OCSF 1.4.0 events) or ecs (ECS 8.17 documents). */
  OUTPUT_FORMAT: z
    .enum(['native', 'ocsf', 'ecs'], { message: 'OUTPUT_FORMAT must be native, ocsf or ecs' })
    .default('native'),
  /** Flattening: one incident_event record per new event besides the incident record. */
  OUTPUT_FLATTEN: z
    .enum(['true', 'false'], { message: 'OUTPUT_FLATTEN must be true or false' })
    .default('false'),
  /** splunk-hec: each record in Splunk HEC's event envelope, naming its own sourcetype and time. */
  OUTPUT_ENVELOPE: z
    .enum(['none', 'splunk-hec'], { message: 'OUTPUT_ENVELOPE must be none or splunk-hec' })
    .default('none'),
  /** true when the deployment receives webhooks: a poll does not alert on an incident a push told first. */
  PUSH_CORRELATION: z
    .enum(['true', 'false'], { message: 'PUSH_CORRELATION must be true or false' })
    .default('false'),
  /** What to do with credential material attackers sent: mask (default), hash (HMAC) or keep. */
  OUTPUT_CREDENTIALS: z
    .enum(['mask', 'hash', 'keep'], { message: 'OUTPUT_CREDENTIALS must be mask, hash or keep' })
    .default('mask'),
});

export type CollectorConfig = z.infer<typeof EnvSchema>;

export function loadConfig(
  env: Record<string, string | undefined>,
  now: number = Date.now(),
): CollectorConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  if (env.CONSOLES === undefined && env.CONSOLE_REGISTRY !== 'true')
    problems.push('CONSOLES is required: a JSON array of consoles (or CONSOLE_REGISTRY=true for a fleet)');
  problems.push(...deliveryProblems(env, parsed.success ? parsed.data : undefined));
  if (parsed.success) {
    (parsed.data.CONSOLES ?? []).forEach((console, index) => {
      if (console.incidentsFrom !== undefined && Date.parse(console.incidentsFrom) > now) {
        problems.push(
          `CONSOLES[${index}].incidentsFrom: ${console.incidentsFrom} is in the future; give a past date-time`,
        );
      }
      if (console.auditFrom !== undefined && Date.parse(`${console.auditFrom}T00:00:00Z`) > now) {
        problems.push(
          `CONSOLES[${index}].auditFrom: ${console.auditFrom} is in the future; give a past date`,
        );
      }
    });
  }
  if (problems.length > 0 || !parsed.success) {
    throw new CollectorError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Where records go must be said once: one stream, or a stream per OCSF class for OCSF records. The
 * collectors and the push receiver check it alike.
 */
export function deliveryProblems(
  env: Record<string, string | undefined>,
  parsed: { DELIVERY_STREAMS?: unknown; OUTPUT_FORMAT: string } | undefined,
): string[] {
  const problems: string[] = [];
  if ((env.DELIVERY_STREAM === undefined) === (env.DELIVERY_STREAMS === undefined))
    problems.push('DELIVERY_STREAM: give DELIVERY_STREAM, or DELIVERY_STREAMS by OCSF class (one of them)');
  if (parsed?.DELIVERY_STREAMS !== undefined && parsed.OUTPUT_FORMAT !== 'ocsf')
    problems.push('DELIVERY_STREAMS: streams by OCSF class need OUTPUT_FORMAT=ocsf');
  return problems;
}

export function findConsole(config: CollectorConfig, name: string): ConsoleConfig {
  const found = config.CONSOLES?.find((c) => c.name === name);
  if (found === undefined) {
    const known = (config.CONSOLES ?? []).map((c) => c.name).join(', ');
    throw new CollectorError('CONSOLE_UNKNOWN', `console "${name}" is not configured (configured: ${known})`);
  }
  return found;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}.${String(part)}`,
    '',
  );
}
