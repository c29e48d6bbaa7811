import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SourceName } from '#lib/core/ports.ts';
import { CollectorEnvSchema } from '#lib/model/collectorEnv.ts';
import { type EnvOf, environmentFor } from '../config/environment.ts';
import { notifyingAlarm, withinADay } from './alarms.ts';
import { bundledHandler, FUNCTION_MEMORY_MB, FUNCTION_TIMEOUT, logGroupAndRole } from './function.ts';

/** The collector variables the deployment decides; the construct itself sets the table, the registry and Powertools'. */
export type CollectorSettings = Omit<
  EnvOf<typeof CollectorEnvSchema>,
  | 'CHECKPOINT_TABLE'
  | 'CONSOLE_REGISTRY'
  | 'CONSOLES'
  | 'POWERTOOLS_SERVICE_NAME'
  | 'POWERTOOLS_METRICS_NAMESPACE'
  | 'POWERTOOLS_LOG_LEVEL'
>;

/** The fleet a collector serves: its consoles come from the registry, its runs from the queue. */
export interface CollectorFleet {
  /** One message per console and run. */
  readonly queue: sqs.IQueue;
  /** At most this many runs at once (the event source's maximum concurrency). */
  readonly maxConcurrency: number;
  /** The ARN pattern of the consoles' secrets (`<prefix>*`), which the function may read. */
  readonly secretPrefixArn: string;
  /** The cdk-nag finding that read raises, acknowledged on the function's role. */
  readonly secretPrefixFinding: string;
}

/** Run requests per invocation: one console per message and invocation (the capacity model assumes it). */
export const RUN_REQUEST_BATCH_SIZE = 1;

export interface QueueCollectorProps {
  readonly source: SourceName;
  /** The source's interval: the period its alarms look at (at least 5 minutes). */
  readonly intervalMinutes: number;
  readonly table: dynamodb.ITableV2;
  /** The delivery streams this source puts to (one, or its OCSF classes' for Security Lake). */
  readonly streamArns: readonly string[];
  readonly alarmTopic: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
  readonly fleet: CollectorFleet;
  /** Where records go and how they are shaped: the delivery, output and source variables. */
  readonly environment: CollectorSettings;
  /**
   * Concurrency reserved for the function.
   * @default - none reserved: the function draws on the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
}

/**
 * One data source, fed by its run-request queue: its function (bundled by the local esbuild, AWS SDK
 * inside), its log group, the queue as event source, least-privilege grants and its alarms. Nothing
 * per console: every message names the console to run.
 */
export class QueueCollector extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: QueueCollectorProps) {
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
      new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [...props.streamArns] }),
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
      environment: environmentFor(CollectorEnvSchema, {
        CHECKPOINT_TABLE: props.table.tableName,
        CONSOLE_REGISTRY: true,
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_METRICS_NAMESPACE: 'CanaryCollector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      }),
    });

    // One console per message, so every run has the whole function timeout; at most
    // maxConcurrency at once, so a thousand due consoles never exhaust the account's concurrency.
    this.function.addEventSource(
      new eventSources.SqsEventSource(props.fleet.queue, {
        batchSize: RUN_REQUEST_BATCH_SIZE,
        maxConcurrency: props.fleet.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.addAlarms(props);
  }

  private addAlarms(props: QueueCollectorProps): void {
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
