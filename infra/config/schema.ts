import * as z from 'zod';
import type { SourceName } from '#lib/core/ports.ts';
import {
  AllowedHostsSchema,
  AuditFromSchema,
  ConsoleNameSchema,
  IncidentsFromSchema,
} from '#lib/model/console.ts';
import { OCSF_CLASS_TABLES } from '#siem/securitylake/schemas.ts';
import { deploymentRules } from './rules.ts';

/**
 * The deployment configuration: which consoles, which sources and how often, where records go, who
 * is told when something is wrong. Validated with zod at synth, so a bad value stops `cdk synth`
 * with every problem listed (the cross-field rules are in rules.ts). The README documents each field.
 */

/**
 * A whole number in [min, max]: every way to miss it (a string, a fraction, a bound) gets one message
 * that says what is allowed, so the fix is in the message.
 */
const whole = (min: number, max?: number) => {
  const allowed = {
    error:
      max === undefined
        ? `must be a whole number, at least ${min}`
        : `must be a whole number from ${min} to ${max}`,
  };
  const number = z.number(allowed).int(allowed).min(min, allowed);
  return max === undefined ? number : number.max(max, allowed);
};

/** true or false, and the message says so. */
const flag = () => z.boolean({ error: 'must be true or false' });

const httpsUrl = (what: string) => z.url({ protocol: /^https$/, message: `${what} must be an https:// URL` });
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
    'must be a Secrets Manager secret ARN',
  );

const ConsoleSchema = z.strictObject({
  name: ConsoleNameSchema,
  /**
   * The console's secret ({"domainHash" | "baseUrl", "authToken"}), named under the fleet's secret
   * prefix; when absent, `<secretPrefix><name>` (canary-collector console token puts it there).
   */
  secretArn: secretArn.optional(),
  incidentsFrom: IncidentsFromSchema.optional(),
  auditFrom: AuditFromSchema.optional(),
  allowedHosts: AllowedHostsSchema.optional(),
});

const SourceSchema = (defaultMinutes: number) =>
  z.strictObject({
    enabled: flag().default(true),
    intervalMinutes: whole(1, 1440).default(defaultMinutes),
  });

/** Each OCSF class's custom source location: an `s3://<bucket>/ext/<source>/.../` given by Security Lake. */
const customSources = z.strictObject(
  Object.fromEntries(
    OCSF_CLASS_TABLES.map((c) => [
      c.key,
      z
        .string()
        .regex(
          /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/ext\/[^/]+(\/[^/]+)*\/$/,
          'must be the custom source location Security Lake gave, s3://<bucket>/ext/<source>/..., ending in "/"',
        )
        .optional(),
    ]),
  ) as Record<(typeof OCSF_CLASS_TABLES)[number]['key'], z.ZodOptional<z.ZodString>>,
);

const DestinationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('s3'),
    /** Seconds Firehose buffers before writing an object (60-900). */
    bufferingSeconds: whole(60, 900).default(300),
    prefix: z.string().default('canary/'),
    /** Days before delivered objects expire. */
    expireAfterDays: whole(1).default(365),
  }),
  z.strictObject({
    type: z.literal('splunk'),
    hecEndpoint: httpsUrl('hecEndpoint'),
    /** Event (default): each record in HEC's event envelope names its own sourcetype and time; Raw: the token's sourcetype. */
    hecEndpointType: z.enum(['Raw', 'Event']).default('Event'),
    /** A secret holding the HEC token; when absent the stack creates one to fill. */
    tokenSecretArn: secretArn.optional(),
  }),
  z.strictObject({
    type: z.literal('http'),
    url: httpsUrl('url'),
    name: z.string().min(1).default('SIEM'),
    /** A secret holding the endpoint's access key; when absent the stack creates one to fill. */
    accessKeySecretArn: secretArn.optional(),
  }),
  z.strictObject({
    type: z.literal('securitylake'),
    /**
     * Each OCSF class's custom source location, as Security Lake gives it when the custom source is
     * created (`s3://aws-security-data-lake-<region>-<id>/ext/<source>/...`); one per class the enabled
     * sources emit.
     */
    customSources: customSources.default({}),
    /** The `accountId=` partition: the account id (or external id) the custom sources were created with; the stack's account when absent. */
    accountId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an account id or external id')
      .optional(),
    /** Seconds Firehose buffers before writing a Parquet object: Security Lake expects 5 minutes to a day. */
    bufferingSeconds: whole(300, 900).default(300),
    /** The KMS key of the Security Lake bucket, when it uses one. */
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, 'must be a KMS key ARN')
      .optional(),
    /** Days the JSON copy of every record (the stack's own bucket) is kept. */
    backupExpireAfterDays: whole(1).default(30),
  }),
  z.strictObject({
    type: z.literal('existing'),
    streamArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/.+$/,
        'must be a Firehose delivery stream ARN',
      ),
  }),
]);

// one entry per source of SOURCE_NAMES: a source added there and not here fails to compile
const sourcesShape = {
  incidents: SourceSchema(5).default({ enabled: true, intervalMinutes: 5 }),
  'audit-trail': SourceSchema(15).default({ enabled: true, intervalMinutes: 15 }),
  birds: SourceSchema(60).default({ enabled: true, intervalMinutes: 60 }),
  tokens: SourceSchema(1440).default({ enabled: true, intervalMinutes: 1440 }),
} satisfies Record<SourceName, z.ZodType>;

export const DeploymentSchema = z
  .strictObject({
    /**
     * Consoles listed here are applied to the console registry at deploy (a console taken off the
     * list leaves the registry); more are added with canary-collector console add, no redeploy.
     */
    consoles: z.array(ConsoleSchema).default([]),
    /** How the fleet runs: every console is data in the console registry, nothing in the stack is per console. */
    fleet: z
      .strictObject({
        /** At most this many runs of one source at once (Lambda's SQS maximum concurrency, 2-1000). */
        maxConcurrency: whole(2, 1000).default(10),
        /** The consoles' secrets are named <secretPrefix><console>; the functions read only those. */
        secretPrefix: z
          .string()
          .regex(/^[A-Za-z0-9/_+=.@-]{1,200}\/$/, 'a secret name prefix ending in "/"')
          .default('canary-collector/'),
      })
      .default({ maxConcurrency: 10, secretPrefix: 'canary-collector/' }),
    /**
     * Push: a webhook receiver (a Lambda function URL) the consoles post new incidents and audit
     * entries to, delivered within seconds; polling stays the system of record.
     */
    push: z
      .strictObject({
        enabled: flag().default(false),
        /** Requests a second each receiver container takes (and a burst of five times that) before 429. */
        ratePerSecond: whole(1, 1000).default(20),
        /** A webhook whose time is older than this is refused (a replay); polling delivers it. */
        maxAgeSeconds: whole(60, 86_400).default(3600),
        /** Bodies larger than this are refused (413); console webhooks are a few KB. */
        maxBodyBytes: whole(1024, 1_000_000).default(262_144),
        /**
         * Concurrency reserved for the receiver: a flood of requests runs at most this many at once
         * (bounding what it costs and leaving the account's other functions their concurrency); 0
         * reserves none, for accounts whose quota leaves nothing to reserve (Lambda keeps 100 unreserved).
         */
        reservedConcurrency: whole(0, 100).default(5),
      })
      .default({
        enabled: false,
        ratePerSecond: 20,
        maxAgeSeconds: 3600,
        maxBodyBytes: 262_144,
        reservedConcurrency: 5,
      }),
    sources: z.strictObject(sourcesShape).default({
      incidents: { enabled: true, intervalMinutes: 5 },
      'audit-trail': { enabled: true, intervalMinutes: 15 },
      birds: { enabled: true, intervalMinutes: 60 },
      tokens: { enabled: true, intervalMinutes: 1440 },
    }),
    destination: DestinationSchema.default({
      type: 's3',
      bufferingSeconds: 300,
      prefix: 'canary/',
      expireAfterDays: 365,
    }),
    /** Output options: the format (native, ocsf or ecs), attackers' typed passwords (mask, hash or keep), flattening. */
    output: z
      .strictObject({
        format: z.enum(['native', 'ocsf', 'ecs']).default('native'),
        credentials: z.enum(['mask', 'hash', 'keep']).default('mask'),
        flatten: flag().default(false),
      })
      .default({ format: 'native', credentials: 'mask', flatten: false }),
    alarmEmail: z.email().optional(),
    /** Periods (15 minutes) in a row with failed runs of some console before the fleet's alarm. */
    missedRunsBeforeAlarm: whole(1, 24).default(3),
    logRetentionDays: z
      .literal([7, 14, 30, 90, 180, 365], { error: 'must be one of 7, 14, 30, 90, 180, 365 (days)' })
      .default(90),
    /**
     * Reserve this much concurrency per collector (new accounts may have too little to reserve); at
     * least fleet.maxConcurrency and 2 (rules.ts).
     */
    reservedConcurrency: whole(1, 1000).optional(),
  })
  // The rules run whatever the fields' own checks found (zod skips them after a wrong type or a value
  // outside a union by default), so that one message lists every problem; rules.ts reads leniently.
  .superRefine(deploymentRules, { when: () => true });

export type Deployment = z.infer<typeof DeploymentSchema>;
export type DeploymentInput = z.input<typeof DeploymentSchema>;
/** A console of the deployment config's list. */
export type DeployedConsole = Deployment['consoles'][number];
/** Where records go: one of the destination types. */
export type Destination = Deployment['destination'];
/** The destination of one type, e.g. `DestinationOf<'splunk'>`. */
export type DestinationOf<T extends Destination['type']> = Extract<Destination, { type: T }>;
