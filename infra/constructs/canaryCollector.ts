import { Annotations, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REGISTRY_INDEX } from '#lib/aws/registry.ts';
import { SOURCE_NAMES, type SourceName } from '#lib/core/ports.ts';
import { capacityWarnings } from '../config/capacity.ts';
import type { Deployment } from '../config/schema.ts';
import { Delivery } from '../delivery/index.ts';
import { ConsoleList } from './consoleList.ts';
import { FleetDispatcher } from './fleet.ts';
import { addDeliveryAlarms, addFleetHealth } from './health.ts';
import { PushReceiver } from './push.ts';
import { type CollectorSettings, QueueCollector } from './queueCollector.ts';

export interface CanaryCollectorProps {
  /** The parsed deployment config (config/load.ts): it decides every part of the collector. */
  readonly config: Deployment;
}

/**
 * The whole collector as one construct, for this repository's stack or any other CDK app: the
 * checkpoint table (which also holds the console registry), the delivery stream, the dispatcher and
 * one function per source fed by its run-request queue, the dead-letter queues, the alarm topic,
 * alarms and one fleet dashboard. Consoles are data: nothing here grows with them.
 */
export class CanaryCollector extends Construct {
  readonly table: dynamodb.TableV2;
  readonly alarmTopic: sns.Topic;
  /** The dead-letter queue of the minute schedule's invocations. */
  readonly deadLetterQueue: sqs.Queue;
  readonly delivery: Delivery;
  /** One per enabled source. */
  readonly collectors: Partial<Record<SourceName, QueueCollector>> = {};
  readonly fleet: FleetDispatcher;
  readonly consoleList: ConsoleList;
  /** The webhook receiver, when push is enabled. */
  readonly push: PushReceiver | undefined;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CanaryCollectorProps) {
    super(scope, id);
    const { config } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    // A warning, not an error: consoles added with `console add` are data synth cannot see anyway.
    for (const warning of capacityWarnings(config))
      Annotations.of(this).addWarningV2('canary-collector:fleet-capacity', warning);

    this.table = new dynamodb.TableV2(this, 'Checkpoints', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      // push and poll claims (alertClaims.ts) expire a week after the incident
      timeToLiveAttribute: 'expiresAt',
      // the console registry's own index (aws/registry.ts): its entries only, by name
      globalSecondaryIndexes: [
        {
          indexName: REGISTRY_INDEX.name,
          partitionKey: { name: REGISTRY_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        },
      ],
    });

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: 'canary-collector alarms',
      enforceSSL: true,
    });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry no secrets; CloudWatch cannot publish to a topic under the AWS-managed key, and a customer key would cost more than the rest of an idle collector.',
    });
    if (config.alarmEmail !== undefined)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    this.deadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the schedules.',
    });

    const enabled = SOURCE_NAMES.filter((source) => config.sources[source].enabled);
    this.delivery = new Delivery(this, 'Delivery', {
      destination: config.destination,
      format: config.output.format,
      sources: enabled,
      logRetention,
    });
    this.fleet = new FleetDispatcher(this, 'Fleet', {
      sources: enabled.map((source) => ({ source, intervalMinutes: config.sources[source].intervalMinutes })),
      table: this.table,
      logRetention,
      deadLetterQueue: this.deadLetterQueue,
      secretPrefix: config.fleet.secretPrefix,
    });
    this.consoleList = new ConsoleList(this, 'ConsoleList', {
      consoles: config.consoles,
      secretPrefix: config.fleet.secretPrefix,
      table: this.table,
      logRetention,
    });
    // The dispatcher's code changes after the list is applied: on the deploy that adds the registry
    // index, the sync first puts older entries into it, so the new dispatcher finds every console.
    this.fleet.function.node.addDependency(this.consoleList.applied);

    // Splunk's Event endpoint takes records in HEC's event envelope, each naming its sourcetype and time.
    const envelope =
      config.destination.type === 'splunk' && config.destination.hecEndpointType === 'Event'
        ? ({ OUTPUT_ENVELOPE: 'splunk-hec' } as const)
        : {};
    for (const source of enabled) {
      const { intervalMinutes } = config.sources[source];
      const queue = this.fleet.queues.get(source);
      if (queue === undefined) throw new Error(`no run-request queue for ${source}`);
      const environment: CollectorSettings = {
        ...this.delivery.environmentFor(source),
        OUTPUT_FORMAT: config.output.format,
        OUTPUT_CREDENTIALS: config.output.credentials,
        OUTPUT_FLATTEN: config.output.flatten,
        ...envelope,
        ...(source === 'incidents' && config.push.enabled ? { PUSH_CORRELATION: true } : {}),
        ...(source === 'birds' ? { BIRDS_INTERVAL_MINUTES: intervalMinutes } : {}),
        ...(source === 'tokens' ? { TOKENS_INTERVAL_MINUTES: intervalMinutes } : {}),
      };
      this.collectors[source] = new QueueCollector(this, `Collector-${source}`, {
        fleet: {
          queue,
          maxConcurrency: config.fleet.maxConcurrency,
          secretPrefixArn: this.fleet.secretPrefixArn,
          secretPrefixFinding: this.fleet.secretPrefixFinding,
        },
        source,
        intervalMinutes,
        table: this.table,
        streamArns: this.delivery.streamsFor(source).map((stream) => stream.arn),
        alarmTopic: this.alarmTopic,
        logRetention,
        environment,
        ...(config.reservedConcurrency === undefined
          ? {}
          : { reservedConcurrency: config.reservedConcurrency }),
      });
    }
    this.push = config.push.enabled
      ? new PushReceiver(this, 'Push', {
          ratePerSecond: config.push.ratePerSecond,
          maxAgeSeconds: config.push.maxAgeSeconds,
          maxBodyBytes: config.push.maxBodyBytes,
          ...(config.push.reservedConcurrency === 0
            ? {}
            : { reservedConcurrency: config.push.reservedConcurrency }),
          output: {
            OUTPUT_FORMAT: config.output.format,
            OUTPUT_CREDENTIALS: config.output.credentials,
            ...envelope,
          },
          table: this.table,
          delivery: this.delivery,
          logRetention,
          alarmTopic: this.alarmTopic,
        })
      : undefined;
    const health = {
      alarmTopic: this.alarmTopic,
      deadLetterQueue: this.deadLetterQueue,
      delivery: this.delivery,
      fleet: this.fleet,
      sources: enabled,
      intervals: Object.fromEntries(
        enabled.map((source) => [source, config.sources[source].intervalMinutes]),
      ),
      periodsBeforeAlarm: config.missedRunsBeforeAlarm,
    };
    addDeliveryAlarms(this, health);
    this.dashboard = addFleetHealth(this, health);
  }
}
