import { existsSync } from 'node:fs';
import * as z from 'zod';
import { CollectorError } from '../functions/lib/core/errors.ts';
import { OCSF_CLASS_TABLES } from '../siem/securitylake/schemas.ts';
import { readJsonFile } from './jsonFile.ts';

/**
 * The deployment configuration: which consoles, which sources and how often, where records go, who
 * is told when something is wrong. Validated with zod at synth, so a bad value stops `cdk synth`
 * with every problem listed. The README documents each field.
 */

const SOURCES = ['incidents', 'audit-trail', 'birds', 'tokens'] as const;
export type DeployedSource = (typeof SOURCES)[number];
export const SNAPSHOT_SOURCES: readonly DeployedSource[] = ['birds', 'tokens'];

const httpsUrl = (what: string) => z.url({ protocol: /^https$/, message: `${what} must be an https:// URL` });
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
    'must be a Secrets Manager secret ARN',
  );

const ConsoleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a console name is 1-64 letters, digits, "_", "." or "-"'),
  /**
   * The console's secret ({"domainHash" | "baseUrl", "authToken"}), named under the fleet's secret
   * prefix; when absent, `<secretPrefix><name>` (canary-collector console token puts it there).
   */
  secretArn: secretArn.optional(),
  incidentsFrom: z.iso
    .datetime({ offset: true, message: 'incidentsFrom must be an ISO 8601 date-time with a zone' })
    .optional(),
  auditFrom: z.iso.date({ message: 'auditFrom must be a date, e.g. 2026-01-01' }).optional(),
  allowedHosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'a host name')).optional(),
});

const SourceSchema = (defaultMinutes: number) =>
  z.strictObject({
    enabled: z.boolean().default(true),
    intervalMinutes: z.number().int().min(1).max(1440).default(defaultMinutes),
  });

const DestinationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('s3'),
    /** Seconds Firehose buffers before writing an object (60-900). */
    bufferingSeconds: z.number().int().min(60).max(900).default(300),
    prefix: z.string().default('canary/'),
    /** Days before delivered objects expire. */
    expireAfterDays: z.number().int().min(1).default(365),
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
    customSources: z
      .strictObject(
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
      )
      .default({}),
    /** The `accountId=` partition: the account id (or external id) the custom sources were created with; the stack's account when absent. */
    accountId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an account id or external id')
      .optional(),
    /** Seconds Firehose buffers before writing a Parquet object: Security Lake expects 5 minutes to a day. */
    bufferingSeconds: z.number().int().min(300).max(900).default(300),
    /** The KMS key of the Security Lake bucket, when it uses one. */
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, 'must be a KMS key ARN')
      .optional(),
    /** Days the JSON copy of every record (the stack's own bucket) is kept. */
    backupExpireAfterDays: z.number().int().min(1).default(30),
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
        maxConcurrency: z.number().int().min(2).max(1000).default(10),
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
        enabled: z.boolean().default(false),
        /** Requests a second each receiver container takes (and a burst of five times that) before 429. */
        ratePerSecond: z.number().int().min(1).max(1000).default(20),
        /** A webhook whose time is older than this is refused (a replay); polling delivers it. */
        maxAgeSeconds: z.number().int().min(60).max(86_400).default(3600),
        /** Bodies larger than this are refused (413); console webhooks are a few KB. */
        maxBodyBytes: z.number().int().min(1024).max(1_000_000).default(262_144),
        /** Reserve this much concurrency for the receiver, bounding what a flood can cost (accounts with room only). */
        reservedConcurrency: z.number().int().min(1).max(100).optional(),
      })
      .default({ enabled: false, ratePerSecond: 20, maxAgeSeconds: 3600, maxBodyBytes: 262_144 }),
    sources: z
      .strictObject({
        incidents: SourceSchema(5).default({ enabled: true, intervalMinutes: 5 }),
        'audit-trail': SourceSchema(15).default({ enabled: true, intervalMinutes: 15 }),
        birds: SourceSchema(60).default({ enabled: true, intervalMinutes: 60 }),
        tokens: SourceSchema(1440).default({ enabled: true, intervalMinutes: 1440 }),
      })
      .default({
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
        flatten: z.boolean().default(false),
      })
      .default({ format: 'native', credentials: 'mask', flatten: false }),
    alarmEmail: z.email().optional(),
    /** Periods (15 minutes) in a row with failed runs of some console before the fleet's alarm. */
    missedRunsBeforeAlarm: z.number().int().min(1).max(24).default(3),
    logRetentionDays: z
      .union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(180), z.literal(365)])
      .default(90),
    /** Reserve this much concurrency per function (new accounts may have too little to reserve). */
    reservedConcurrency: z.number().int().min(1).max(10).optional(),
  })
  .superRefine((config, ctx) => {
    const names = config.consoles.map((c) => c.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['consoles'], message: 'console names must be unique' });
    for (const source of SNAPSHOT_SOURCES) {
      const settings = config.sources[source];
      if (settings.enabled && settings.intervalMinutes < 60) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', source, 'intervalMinutes'],
          message: `${source} is a snapshot source: its interval must be at least 60 minutes`,
        });
      }
    }
    if (config.push.enabled && !config.sources.incidents.enabled)
      ctx.addIssue({
        code: 'custom',
        path: ['push', 'enabled'],
        message: 'push tells incidents early; polling them stays the record: enable the incidents source',
      });
    if (!Object.values(config.sources).some((s) => s.enabled))
      ctx.addIssue({ code: 'custom', path: ['sources'], message: 'enable at least one source' });
    if (config.destination.type === 'securitylake') securityLakeIssues(config, ctx);
    // Every run would fail with CONFIG_INVALID on a start in the future: refuse it here instead.
    config.consoles.forEach((console, index) => {
      const now = Date.now();
      const secretName = console.secretArn?.split(':secret:')[1];
      if (secretName !== undefined && !secretName.startsWith(config.fleet.secretPrefix))
        ctx.addIssue({
          code: 'custom',
          path: ['consoles', index, 'secretArn'],
          message: `the functions read only secrets named under fleet.secretPrefix (${config.fleet.secretPrefix}): name the secret ${config.fleet.secretPrefix}${console.name}, or set fleet.secretPrefix to the prefix your secrets share`,
        });
      if (console.incidentsFrom !== undefined && Date.parse(console.incidentsFrom) > now) {
        ctx.addIssue({
          code: 'custom',
          path: ['consoles', index, 'incidentsFrom'],
          message: `${console.incidentsFrom} is in the future; give a past date-time`,
        });
      }
      if (console.auditFrom !== undefined && Date.parse(`${console.auditFrom}T00:00:00Z`) > now) {
        ctx.addIssue({
          code: 'custom',
          path: ['consoles', index, 'auditFrom'],
          message: `${console.auditFrom} is in the future; give a past date`,
        });
      }
    });
  });

/** Security Lake takes OCSF only, and needs a custom source for each class the enabled sources emit. */
function securityLakeIssues(
  config: {
    output: { format: string };
    sources: Record<DeployedSource, { enabled: boolean }>;
    destination: unknown;
  },
  ctx: z.RefinementCtx,
): void {
  if (config.output.format !== 'ocsf')
    ctx.addIssue({
      code: 'custom',
      path: ['output', 'format'],
      message: 'the securitylake destination takes OCSF: set output.format to "ocsf"',
    });
  const locations = (config.destination as { customSources: Record<string, string | undefined> })
    .customSources;
  for (const table of OCSF_CLASS_TABLES) {
    const needed = table.sources.some((source) => config.sources[source].enabled);
    if (needed && locations[table.key] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['destination', 'customSources', table.key],
        message: `${table.sources.join(', ')} emit OCSF class ${table.classUid}: give its custom source location (or disable the source)`,
      });
  }
}

export type Deployment = z.infer<typeof DeploymentSchema>;
export type DeploymentInput = z.input<typeof DeploymentSchema>;

export function parseDeployment(input: unknown, from?: string): Deployment {
  const parsed = DeploymentSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new CollectorError(
      'CONFIG_INVALID',
      `invalid canary-collector deployment config${from === undefined ? '' : ` (${from})`}:\n${problems}`,
    );
  }
  return parsed.data;
}

/** The file `cdk deploy` reads when no other config is named. */
export const DEFAULT_CONFIG_FILE = 'collector.json';
export const DEMO_STACK = 'CanaryCollectorDemo';

export interface ChosenDeployment {
  config: Deployment;
  /** Where it came from, for messages. */
  from: string;
  /** The one-console demo: deployed under its own stack name, so it can never replace a real one. */
  demo: boolean;
}

/**
 * The deployment config, named explicitly: `-c canary-collector:file=<path>`, a `canary-collector`
 * object in cdk.json context, or `collector.json` in the working folder. Without any of them the
 * synth is refused, unless `-c canary-collector:demo=true` asks for the one-console demo (under its
 * own stack name): a forgotten flag must never replace a production configuration.
 */
export function deploymentFromContext(
  tryGetContext: (key: string) => unknown,
  fileExists: (path: string) => boolean = existsSync,
): ChosenDeployment {
  const file = tryGetContext('canary-collector:file');
  const inline = tryGetContext('canary-collector');
  const demo = tryGetContext('canary-collector:demo');
  if (typeof file === 'string' && inline !== undefined) {
    throw new CollectorError(
      'CONFIG_INVALID',
      'both canary-collector:file and a canary-collector context object are given: keep one',
    );
  }
  if (typeof file === 'string')
    return { config: parseDeployment(readJsonFile(file), file), from: file, demo: false };
  if (inline !== undefined)
    return { config: parseDeployment(inline, 'cdk.json context'), from: 'cdk.json context', demo: false };
  if (fileExists(DEFAULT_CONFIG_FILE)) {
    return {
      config: parseDeployment(readJsonFile(DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE),
      from: DEFAULT_CONFIG_FILE,
      demo: false,
    };
  }
  if (demo === true || demo === 'true') {
    return { config: parseDeployment({ consoles: [{ name: 'demo' }] }, 'demo'), from: 'demo', demo: true };
  }
  throw new CollectorError(
    'CONFIG_INVALID',
    `no deployment config: copy collector.example.json to ${DEFAULT_CONFIG_FILE} and edit it, or give -c canary-collector:file=<path>; -c canary-collector:demo=true deploys a one-console demo as the separate stack ${DEMO_STACK}`,
  );
}

export const ALL_SOURCES = SOURCES;
