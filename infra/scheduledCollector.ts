import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { notifyingAlarm, withinADay } from './alarms.ts';
import type { DeployedSource } from './config.ts';
import { acknowledgeWildcard } from './nag.ts';

export interface ScheduledCollectorProps {
  source: DeployedSource;
  intervalMinutes: number;
  table: dynamodb.ITableV2;
  /** The delivery streams this source puts to (one, or its OCSF classes' for Security Lake). */
  streamArns: string[];
  deadLetterQueue: sqs.IQueue;
  alarmTopic: sns.ITopic;
  logRetention: logs.RetentionDays;
  reservedConcurrency?: number;
  environment?: Record<string, string>;
  /** Its consoles come from the registry and its runs from this queue (one message per console and run). */
  fleet: { queue: sqs.IQueue; maxConcurrency: number; secretPrefixArn: string; secretPrefixFinding: string };
}

/**
 * A handler under functions/<folder>/handler.ts, bundled by the local esbuild with the AWS SDK inside,
 * on Node 24 and arm64; the project's own lock file and root, whatever folder `cdk synth` runs from.
 */
export function bundledHandler(folder: string) {
  return {
    entry: fileURLToPath(new URL(`../functions/${folder}/handler.ts`, import.meta.url)),
    projectRoot: fileURLToPath(new URL('..', import.meta.url)),
    depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    bundling: {
      minify: true,
      target: 'node24',
      format: nodejs.OutputFormat.ESM,
      mainFields: ['module', 'main'],
      externalModules: [],
      banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
  } satisfies nodejs.NodejsFunctionProps;
}

/**
 * A function's own log group and role, the role allowed to write that log group only: the start of
 * every function of the stack (collectors and the fleet's dispatcher). Logical ids `Logs` and `Role`.
 */
export function logGroupAndRole(
  scope: Construct,
  description: string,
  retention: logs.RetentionDays,
): { logGroup: logs.LogGroup; role: iam.Role } {
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroup.logGroupArn}:*`],
    }),
  );
  acknowledgeWildcard(
    role,
    logGroup,
    ':*',
    'The log streams of this function’s own log group (logs:CreateLogStream takes the :* form).',
  );
  return { logGroup, role };
}

/** Timeout and memory from `npm run bench`: 100,000 incidents take ~10 s and ~200 MB locally. */
export const FUNCTION_TIMEOUT = Duration.minutes(5);
export const FUNCTION_MEMORY_MB = 512;

/**
 * One data source: its function (bundled by the local esbuild, AWS SDK inside), its log group, its
 * run-request queue as event source, least-privilege grants and its alarms. Nothing per console.
 */
export class ScheduledCollector extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ScheduledCollectorProps) {
    super(scope, id);
    const { logGroup, role } = logGroupAndRole(
      this,
      `canary-collector ${props.source}: its own checkpoints, its consoles' secrets, its delivery streams`,
      props.logRetention,
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        // The store reads and writes only through conditional UpdateItem calls, on this source's items
        // (`<console>#<source>`, whatever the console).
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`*#${props.source}`] } },
      }),
    );
    Validations.of(role).acknowledge({
      id: props.fleet.secretPrefixFinding,
      reason:
        'The consoles’ secrets, named under the deployment’s secret prefix; consoles are data, so their secrets are not known at deploy time.',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        // a console's registry entry, read once per run
        actions: ['dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*'] } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: props.streamArns }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.fleet.secretPrefixArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      ...bundledHandler(props.source),
      memorySize: FUNCTION_MEMORY_MB,
      timeout: FUNCTION_TIMEOUT,
      role,
      logGroup,
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      environment: {
        CHECKPOINT_TABLE: props.table.tableName,
        CONSOLE_REGISTRY: 'true',
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_METRICS_NAMESPACE: 'CanaryCollector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });

    // One console per message, so every run has the whole function timeout; at most
    // maxConcurrency at once, so a thousand due consoles never exhaust the account's concurrency.
    this.function.addEventSource(
      new eventSources.SqsEventSource(props.fleet.queue, {
        batchSize: 1,
        maxConcurrency: props.fleet.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.addAlarms(props);
  }

  private addAlarms(props: ScheduledCollectorProps): void {
    const fn = this.function;
    const periodMinutes = Math.max(5, props.intervalMinutes);
    const period = Duration.minutes(periodMinutes);
    const alarm = (id: string, description: string, options: cloudwatch.AlarmProps) => {
      this.alarms.push(
        notifyingAlarm(this, id, `${props.source}: ${description}`, props.alarmTopic, options),
      );
    };
    alarm('Errors', 'runs failed in two periods in a row (see the run log line and its error code)', {
      metric: fn.metricErrors({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: withinADay(periodMinutes, 2),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('Throttles', 'invocations were throttled', {
      metric: fn.metricThrottles({ period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm('Duration', 'a run came within 20% of the function timeout', {
      metric: fn.metricDuration({ period, statistic: 'Maximum' }),
      threshold: FUNCTION_TIMEOUT.toMilliseconds() * 0.8,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
