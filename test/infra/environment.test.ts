import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { environmentFor } from '#infra/config/environment.ts';
import { CollectorEnvSchema } from '#lib/model/collectorEnv.ts';
import { DispatcherEnvSchema } from '#lib/model/dispatcherEnv.ts';
import { issueLines } from '#lib/model/issues.ts';
import { PushEnvSchema } from '#lib/model/pushEnv.ts';
import { RegistrySyncEnvSchema } from '#lib/model/registrySyncEnv.ts';
import { resources, synth } from './support.ts';

/**
 * Every function's environment, as the template sets it, is one its own schema parses: the stack
 * writes each through that schema's type (infra/config/environment.ts), and this checks the result
 * after synthesis, with the deploy-time values (table names, queue URLs, ARNs) replaced by samples.
 */

type Template = ReturnType<typeof synth>['template'];
type Resources = Record<string, { Type: string }>;

/** Which schema reads each function's environment, by the function's logical id. */
const SCHEMAS: ReadonlyArray<readonly [kind: string, id: RegExp, schema: z.ZodObject]> = [
  [
    'collector',
    /^CollectorCollector(incidents|audittrail|birds|tokens)Function[0-9A-F]{8}$/,
    CollectorEnvSchema,
  ],
  ['dispatcher', /^CollectorFleetFunction[0-9A-F]{8}$/, DispatcherEnvSchema],
  ['push receiver', /^CollectorPushFunction[0-9A-F]{8}$/, PushEnvSchema],
  ['console-list sync', /^CollectorConsoleListFunction[0-9A-F]{8}$/, RegistrySyncEnvSchema],
];

const PSEUDO: Record<string, string> = {
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Test',
};

/** What `Ref` gives at deploy for a resource of each type the environments refer to. */
function refSample(id: string, all: Resources): string {
  const pseudo = PSEUDO[id];
  if (pseudo !== undefined) return pseudo;
  const type = all[id]?.Type;
  switch (type) {
    case 'AWS::SQS::Queue':
      return `https://sqs.eu-west-1.amazonaws.com/123456789012/${id}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${id}-AbCdEf`;
    case 'AWS::DynamoDB::GlobalTable':
    case 'AWS::KinesisFirehose::DeliveryStream':
      return `Test-${id}`;
    default:
      throw new Error(`no sample for a Ref to ${id} (${type ?? 'unknown'}): add one`);
  }
}

function getAttSample(id: string, attribute: string, all: Resources): string {
  const type = all[id]?.Type;
  if (type === undefined) throw new Error(`Fn::GetAtt of an unknown resource ${id}`);
  if (attribute === 'Arn')
    return `arn:aws:${type.split('::')[1]?.toLowerCase()}:eu-west-1:123456789012:${id}`;
  if (attribute === 'QueueUrl') return refSample(id, all);
  if (attribute === 'QueueName') return id;
  throw new Error(`no sample for Fn::GetAtt ${id}.${attribute}: add one`);
}

/** A variable's value with every intrinsic replaced by the sample its deploy-time value resembles. */
function sample(value: unknown, all: Resources): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null)
    throw new Error(`unexpected value ${JSON.stringify(value)}`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new Error(`not one intrinsic: ${JSON.stringify(value)}`);
  const [intrinsic, args] = entries[0] as [string, unknown];
  switch (intrinsic) {
    case 'Ref':
      return refSample(args as string, all);
    case 'Fn::GetAtt': {
      const [id, attribute] = typeof args === 'string' ? args.split('.') : (args as string[]);
      return getAttSample(id as string, attribute as string, all);
    }
    case 'Fn::Join': {
      const [separator, parts] = args as [string, unknown[]];
      return parts.map((part) => sample(part, all)).join(separator);
    }
    case 'Fn::Sub': {
      const [text, variables = {}] =
        typeof args === 'string' ? [args] : (args as [string, Record<string, unknown>]);
      return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        if (name in variables) return sample(variables[name], all);
        const [id, attribute] = name.split('.');
        return attribute === undefined
          ? refSample(id as string, all)
          : getAttSample(id as string, attribute, all);
      });
    }
    default:
      throw new Error(`no sample for ${intrinsic}: add one`);
  }
}

/** Each function's environment, every value sampled. */
function sampledEnvironments(template: Template): Array<[id: string, env: Record<string, string>]> {
  const all = template.toJSON().Resources as Resources;
  return resources(template, 'AWS::Lambda::Function').map(([id, fn]) => {
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    return [
      id,
      Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, sample(value, all)])),
    ];
  });
}

interface Checked {
  kind: string;
  id: string;
  /** The schema's issues with the sampled environment (none expected). */
  issues: string[];
  /** Variables the function's schema does not name (none expected). */
  strays: string[];
}

function checkEnvironments(template: Template): Checked[] {
  return sampledEnvironments(template).map(([id, env]) => {
    const found = SCHEMAS.find(([, pattern]) => pattern.test(id));
    if (found === undefined) throw new Error(`${id}: which schema reads this function's environment? add it`);
    const [kind, , schema] = found;
    const parsed = schema.safeParse(env);
    return {
      kind,
      id,
      issues: parsed.success ? [] : issueLines(parsed.error),
      strays: Object.keys(env).filter((key) => !(key in schema.shape)),
    };
  });
}

const lake = 's3://aws-security-data-lake-eu-west-1-abc/ext';
const securityLake: Parameters<typeof synth>[0] = {
  consoles: [{ name: 'main' }],
  push: { enabled: true },
  output: { format: 'ocsf' },
  sources: { birds: { enabled: false }, tokens: { enabled: false } },
  destination: {
    type: 'securitylake',
    customSources: {
      detectionFinding: `${lake}/canary-finding/1.0/`,
      authentication: `${lake}/canary-auth/1.0/`,
      apiActivity: `${lake}/canary-api/1.0/`,
    },
  },
};
const stacks: Array<[name: string, input: Parameters<typeof synth>[0], functions: number]> = [
  ['push on', { consoles: [{ name: 'main' }], push: { enabled: true } }, 7],
  ['Security Lake, streams by OCSF class', securityLake, 5],
  ['S3, the default', { consoles: [{ name: 'main' }] }, 6],
  [
    'Splunk HEC events, push on',
    {
      consoles: [{ name: 'main' }],
      push: { enabled: true },
      destination: { type: 'splunk', hecEndpoint: 'https://hec.example.com:8088' },
    },
    7,
  ],
];

describe('each function’s environment is one its schema parses, and nothing more', () => {
  for (const [name, input, functions] of stacks) {
    it(name, () => {
      const checked = checkEnvironments(synth(input).template);
      expect(checked).toHaveLength(functions);
      for (const { kind, id, issues, strays } of checked) {
        expect({ kind, id, issues, strays }).toEqual({ kind, id, issues: [], strays: [] });
      }
      // every kind of function was checked, so the test cannot pass on none
      const kinds = new Set(checked.map((c) => c.kind));
      expect(kinds.size).toBe(input.push?.enabled === true ? 4 : 3);
    });
  }

  it('reads the streams by OCSF class as the collectors route them, and the queues as URLs', () => {
    const envs = new Map(sampledEnvironments(synth(securityLake).template));
    const auditTrail = [...envs].find(([id]) => id.startsWith('CollectorCollectoraudittrail'))?.[1];
    // audit-trail emits OCSF authentication (3002) and API activity (6003)
    expect(Object.keys(CollectorEnvSchema.parse(auditTrail).DELIVERY_STREAMS ?? {})).toEqual([
      '3002',
      '6003',
    ]);
    const dispatcher = [...envs].find(([id]) => id.startsWith('CollectorFleetFunction'))?.[1];
    const { DISPATCH_QUEUES, SOURCE_DEFAULTS } = DispatcherEnvSchema.parse(dispatcher);
    expect(Object.keys(DISPATCH_QUEUES)).toEqual(['incidents', 'audit-trail']);
    expect(SOURCE_DEFAULTS).toEqual({
      incidents: { enabled: true, intervalMinutes: 5 },
      'audit-trail': { enabled: true, intervalMinutes: 15 },
    });
  });
});

describe('environmentFor', () => {
  it('writes each value as the text its schema reads back', () => {
    expect(
      environmentFor(CollectorEnvSchema, {
        CHECKPOINT_TABLE: 'table',
        CONSOLE_REGISTRY: true,
        OUTPUT_FLATTEN: false,
        BIRDS_INTERVAL_MINUTES: 120,
        DELIVERY_STREAMS: { '2004': 'findings', '3002': 'auth' },
        PUSH_CORRELATION: undefined,
      }),
    ).toEqual({
      CHECKPOINT_TABLE: 'table',
      CONSOLE_REGISTRY: 'true',
      OUTPUT_FLATTEN: 'false',
      BIRDS_INTERVAL_MINUTES: '120',
      DELIVERY_STREAMS: '{"2004":"findings","3002":"auth"}',
    });
  });

  it('refuses at compile time a variable the function does not read, one it needs, a value of the wrong type', () => {
    // tsc runs in `npm test`: an @ts-expect-error that no longer meets an error fails it
    // @ts-expect-error NOT_A_VARIABLE is not a variable of the collectors
    environmentFor(CollectorEnvSchema, { CHECKPOINT_TABLE: 't', NOT_A_VARIABLE: 'x' });
    // @ts-expect-error the dispatcher needs CHECKPOINT_TABLE
    environmentFor(DispatcherEnvSchema, { DISPATCH_QUEUES: {}, SOURCE_DEFAULTS: {} });
    // @ts-expect-error CONSOLE_REGISTRY is a boolean, written as text by environmentFor
    environmentFor(CollectorEnvSchema, { CHECKPOINT_TABLE: 't', CONSOLE_REGISTRY: 'true' });
    // @ts-expect-error the push receiver's rate is a number
    environmentFor(PushEnvSchema, { CHECKPOINT_TABLE: 't', PUSH_SECRET_ID: 's', PUSH_RATE_PER_SECOND: '20' });
    environmentFor(DispatcherEnvSchema, {
      CHECKPOINT_TABLE: 't',
      // @ts-expect-error DISPATCH_QUEUES maps source names only
      DISPATCH_QUEUES: { devices: 'u' },
      SOURCE_DEFAULTS: {},
    });
    expect(environmentFor(RegistrySyncEnvSchema, { CHECKPOINT_TABLE: 't' })).toEqual({
      CHECKPOINT_TABLE: 't',
    });
  });
});
