import { Arn, ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REGISTRY_INDEX } from '#lib/aws/registry.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { DispatcherEnvSchema } from '#lib/model/dispatcherEnv.ts';
import { environmentFor } from '../config/environment.ts';
import { bundledHandler, FUNCTION_TIMEOUT, logGroupAndRole } from './function.ts';
import { acknowledgeWildcard } from './nag.ts';

/**
 * The run-request queues' settings, named so the capacity model (bench/capacity/) replays these very
 * numbers. Visibility: AWS's guidance for Lambda event sources, six times the function timeout.
 */
export const RUN_REQUEST_VISIBILITY_TIMEOUT = Duration.seconds(FUNCTION_TIMEOUT.toSeconds() * 6);
/** Receives of a run request before it goes to its dead-letter queue. */
export const RUN_REQUEST_MAX_RECEIVES = 3;
/** How long a run request waits in its queue before SQS drops it. */
export const RUN_REQUEST_RETENTION = Duration.hours(6);

export interface FleetDispatcherProps {
  /** The enabled sources, one run-request queue each, and their intervals (for consoles that set none). */
  readonly sources: ReadonlyArray<{ readonly source: SourceName; readonly intervalMinutes: number }>;
  readonly table: dynamodb.ITableV2;
  readonly logRetention: logs.RetentionDays;
  /** Where the minute schedule's failed invocations go. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Secrets of the fleet's consoles are named `<secretPrefix><console>`. */
  readonly secretPrefix: string;
}

/**
 * The fleet's scheduling, the same whatever the number of consoles: one schedule a minute triggers
 * the dispatcher, which reads the console registry and puts one run request per due console on each
 * source's queue; each source's function takes its queue. Nothing here is per console.
 */
export class FleetDispatcher extends Construct {
  /** Each enabled source's run-request queue. */
  readonly queues = new Map<SourceName, sqs.Queue>();
  /** Each run-request queue's dead-letter queue. */
  readonly deadLetters = new Map<SourceName, sqs.Queue>();
  readonly function: nodejs.NodejsFunction;
  /** The ARN pattern of the consoles' secrets (`<prefix>*`), which the collectors read. */
  readonly secretPrefixArn: string;
  /** The cdk-nag finding a collector's read of the fleet's secrets raises, to acknowledge on its role. */
  readonly secretPrefixFinding: string;

  constructor(scope: Construct, id: string, props: FleetDispatcherProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.secretPrefixArn = Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${props.secretPrefix}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    );
    // cdk-nag names the finding by the ARN as it renders it: pseudo parameters in angle brackets
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    this.secretPrefixFinding = `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'Partition')}:secretsmanager:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:secret:${props.secretPrefix}*]`;
    for (const { source } of props.sources) {
      const deadLetters = new sqs.Queue(this, `RunRequestsFailed-${source}`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.deadLetters.set(source, deadLetters);
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of a run-request queue.',
      });
      this.queues.set(
        source,
        new sqs.Queue(this, `RunRequests-${source}`, {
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          visibilityTimeout: RUN_REQUEST_VISIBILITY_TIMEOUT,
          retentionPeriod: RUN_REQUEST_RETENTION,
          deadLetterQueue: { queue: deadLetters, maxReceiveCount: RUN_REQUEST_MAX_RECEIVES },
        }),
      );
    }

    const { logGroup, role } = logGroupAndRole(
      this,
      'canary-collector dispatcher: reads the console registry, puts run requests on the source queues',
      props.logRetention,
    );
    // The registry index alone: the dispatcher reads the registry entries, no checkpoint.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${REGISTRY_INDEX.name}`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['fleet-registry'] } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [...this.queues.values()].map((q) => q.queueArn),
      }),
    );
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      ...bundledHandler('dispatcher'),
      memorySize: 256,
      timeout: Duration.seconds(50),
      role,
      logGroup,
      environment: environmentFor(DispatcherEnvSchema, {
        CHECKPOINT_TABLE: props.table.tableName,
        DISPATCH_QUEUES: Object.fromEntries(
          [...this.queues].map(([source, queue]) => [source, queue.queueUrl]),
        ),
        SOURCE_DEFAULTS: Object.fromEntries(
          props.sources.map(({ source, intervalMinutes }) => [source, { enabled: true, intervalMinutes }]),
        ),
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      }),
    });
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    new scheduler.Schedule(this, 'EveryMinute', {
      description: 'canary-collector: dispatch the consoles due this minute',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(1)),
      target: new targets.LambdaInvoke(this.function, {
        // the minute the run is for, even when Scheduler retries it later
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: props.deadLetterQueue,
        role: scheduleRole,
      }),
    });
    acknowledgeWildcard(
      scheduleRole,
      this.function,
      ':*',
      'The grant CDK gives the scheduler to invoke the dispatcher and its versions.',
    );
  }
}
