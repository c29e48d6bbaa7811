import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterAlarm, notifyingAlarm } from './alarms.ts';
import { ALL_SOURCES, type DeployedSource, type Deployment } from './config.ts';
import { ConsoleList } from './consoleList.ts';
import { Delivery } from './delivery.ts';
import { FleetDispatcher } from './fleet.ts';
import { PushReceiver } from './push.ts';
import { ScheduledCollector } from './scheduledCollector.ts';

/**
 * The whole collector as one construct, for this repository's stack or any other CDK app: the
 * checkpoint table (which also holds the console registry), the delivery stream, the dispatcher and
 * one function per source fed by its run-request queue, the dead-letter queues, the alarm topic,
 * alarms and one fleet dashboard. Consoles are data: nothing here grows with them.
 */
export class CanaryCollector extends Construct {
  readonly table: dynamodb.TableV2;
  readonly alarmTopic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;
  readonly delivery: Delivery;
  readonly collectors: Partial<Record<DeployedSource, ScheduledCollector>> = {};
  readonly fleet: FleetDispatcher;
  readonly consoleList: ConsoleList;
  readonly push: PushReceiver | undefined;

  constructor(scope: Construct, id: string, config: Deployment) {
    super(scope, id);
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.table = new dynamodb.TableV2(this, 'Checkpoints', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      // push and poll claims (alertClaims.ts) expire a week after the incident
      timeToLiveAttribute: 'expiresAt',
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

    this.delivery = new Delivery(this, 'Delivery', config, logRetention);

    const enabled = ALL_SOURCES.filter((source) => config.sources[source].enabled);
    this.fleet = new FleetDispatcher(this, 'Fleet', {
      sources: enabled,
      settings: config.sources,
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

    for (const source of enabled) {
      const settings = config.sources[source];
      const queue = this.fleet.queues.get(source);
      if (queue === undefined) throw new Error(`no run-request queue for ${source}`);
      this.collectors[source] = new ScheduledCollector(this, `Collector-${source}`, {
        fleet: {
          queue,
          maxConcurrency: config.fleet.maxConcurrency,
          secretPrefixArn: this.fleet.secretPrefixArn,
          secretPrefixFinding: this.fleet.secretPrefixFinding,
        },
        source,
        intervalMinutes: settings.intervalMinutes,
        table: this.table,
        streamArns: this.delivery.streamsFor(source).map((stream) => stream.arn),
        deadLetterQueue: this.deadLetterQueue,
        alarmTopic: this.alarmTopic,
        logRetention,
        ...(config.reservedConcurrency === undefined
          ? {}
          : { reservedConcurrency: config.reservedConcurrency }),
        environment: {
          ...this.delivery.environmentFor(source),
          OUTPUT_FORMAT: config.output.format,
          OUTPUT_CREDENTIALS: config.output.credentials,
          OUTPUT_FLATTEN: String(config.output.flatten),
          ...(config.destination.type === 'splunk' && config.destination.hecEndpointType === 'Event'
            ? { OUTPUT_ENVELOPE: 'splunk-hec' }
            : {}),
          ...(source === 'incidents' && config.push.enabled ? { PUSH_CORRELATION: 'true' } : {}),
          ...(source === 'birds' ? { BIRDS_INTERVAL_MINUTES: String(settings.intervalMinutes) } : {}),
          ...(source === 'tokens' ? { TOKENS_INTERVAL_MINUTES: String(settings.intervalMinutes) } : {}),
        },
      });
    }
    this.push = config.push.enabled
      ? new PushReceiver(this, 'Push', {
          settings: config.push,
          output: config.output,
          splunkEvent: config.destination.type === 'splunk' && config.destination.hecEndpointType === 'Event',
          table: this.table,
          delivery: this.delivery,
          logRetention,
          alarmTopic: this.alarmTopic,
        })
      : undefined;
    this.addSharedAlarms();
    this.addFleetHealth(enabled, config.missedRunsBeforeAlarm);
  }

  /**
   * Fleet health that does not multiply per console: one alarm on failed runs of any console (a
   * Metrics Insights query over the collector's own metrics), and one dashboard whose widgets rank
   * the consoles that fail or lag most, so the failing console is named where the alarm points.
   */
  private addFleetHealth(sources: DeployedSource[], periodsBeforeAlarm: number): void {
    // per console: only the bad news (RunFailed, BacklogRemaining); everything else per source
    const query = (metric: string, statistic: string, groupBy: string, schema = 'console, service, source') =>
      new cloudwatch.MathExpression({
        expression: `SELECT ${statistic}(${metric}) FROM SCHEMA(CanaryCollector, ${schema})${groupBy}`,
        period: Duration.minutes(15),
        usingMetrics: {},
      });
    notifyingAlarm(
      this,
      'FleetRunsFailing',
      `runs of one or more consoles failed in ${periodsBeforeAlarm} periods of 15 minutes in a row: the fleet dashboard ranks them, canary-collector status --failing names them`,
      this.alarmTopic,
      {
        metric: query('RunFailed', 'SUM', ''),
        threshold: 1,
        evaluationPeriods: periodsBeforeAlarm,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    // Only incremental sources can fall behind (a snapshot is read whole).
    notifyingAlarm(
      this,
      'FleetFallingBehind',
      `runs of one or more consoles ended with more to read in ${periodsBeforeAlarm} periods of 15 minutes in a row (collection lag growing): the fleet dashboard ranks them`,
      this.alarmTopic,
      {
        metric: query('BacklogRemaining', 'MAX', " WHERE source != 'birds' AND source != 'tokens'"),
        threshold: 1,
        evaluationPeriods: periodsBeforeAlarm,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    for (const [source, queue] of this.fleet.deadLetters) {
      notifyingAlarm(
        this,
        `FleetRunRequestsFailed-${source}`,
        `${source}: a console's run request failed three times and went to its dead-letter queue (the message names the console)`,
        this.alarmTopic,
        deadLetterAlarm(queue),
      );
    }
    const dashboard = new cloudwatch.Dashboard(this, 'FleetDashboard', {
      dashboardName: `canary-collector-${Stack.of(this).stackName}`.slice(0, 255),
    });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Consoles with the most failed runs (top 10)',
        left: [query('RunFailed', 'SUM', ' GROUP BY console ORDER BY SUM() DESC LIMIT 10')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Consoles ending runs with a backlog (top 10)',
        left: [query('BacklogRemaining', 'MAX', ' GROUP BY console ORDER BY MAX() DESC LIMIT 10')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Records sent, by source',
        left: [query('RecordsSent', 'SUM', ' GROUP BY source', 'service, source')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Run requests waiting, by source',
        left: [...this.fleet.queues]
          .filter(([source]) => sources.includes(source))
          .map(([source, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), label: source }),
          ),
        width: 12,
      }),
    );
    const freshness = this.delivery.metrics('DataFreshness', 'Maximum');
    const success = this.delivery.metrics('Success', 'Average');
    if (freshness.length > 0)
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Firehose delivery',
          left: freshness,
          right: success,
          width: 24,
        }),
      );
  }

  private addSharedAlarms(): void {
    const alarm = (id: string, description: string, options: cloudwatch.AlarmProps) =>
      notifyingAlarm(this, id, description, this.alarmTopic, options);
    alarm(
      'DeadLetters',
      'scheduled invocations could not be delivered to a function (see the dead-letter queue)',
      deadLetterAlarm(this.deadLetterQueue),
    );
    // One pair per delivery stream: one stream, or one per OCSF class for Security Lake (a fixed
    // number either way, never per console).
    const streams = this.delivery.streams;
    const success = this.delivery.metrics('Success', 'Minimum');
    const freshness = this.delivery.metrics('DataFreshness', 'Maximum');
    streams.forEach((stream, index) => {
      const suffix = stream.classUid === undefined ? '' : `-${stream.classUid}`;
      const which = stream.classUid === undefined ? '' : ` (OCSF class ${stream.classUid})`;
      const successMetric = success[index];
      const freshnessMetric = freshness[index];
      if (successMetric === undefined || freshnessMetric === undefined) return;
      alarm(
        `DeliveryFailing${suffix}`,
        `Firehose is failing to deliver to the destination${which} (records go to the backup bucket)`,
        {
          metric: successMetric,
          threshold: 1,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
      alarm(`DeliveryStale${suffix}`, `the oldest record in Firehose${which} is older than 15 minutes`, {
        metric: freshnessMetric,
        threshold: 900,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    });
  }
}
