import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { SourceName } from '#lib/core/ports.ts';
import type { Delivery } from '../delivery/index.ts';
import { deadLetterAlarm, notifyingAlarm } from './alarms.ts';
import type { FleetDispatcher } from './fleet.ts';

/**
 * The collector's alarms and dashboard that are not one function's: added to the CanaryCollector
 * itself (their ids are its children's), a fixed number whatever the number of consoles.
 */
export interface HealthProps {
  readonly alarmTopic: sns.ITopic;
  /** The schedules' dead-letter queue. */
  readonly deadLetterQueue: sqs.IQueue;
  readonly delivery: Delivery;
  readonly fleet: FleetDispatcher;
  /** The enabled sources. */
  readonly sources: readonly SourceName[];
  /** Each enabled source's interval: a run request waiting longer than it means the fleet outgrew its settings. */
  readonly intervals?: Partial<Record<SourceName, number>>;
  /** Periods (15 minutes) in a row with failed runs of some console before the fleet's alarm. */
  readonly periodsBeforeAlarm: number;
}

/** The schedules' dead letters, and per delivery stream: failing to deliver, and records growing stale. */
export function addDeliveryAlarms(scope: Construct, props: HealthProps): void {
  const { alarmTopic, delivery } = props;
  const alarm = (id: string, description: string, options: cloudwatch.AlarmProps) =>
    notifyingAlarm(scope, id, description, alarmTopic, options);
  alarm(
    'DeadLetters',
    'scheduled invocations could not be delivered to a function (see the dead-letter queue)',
    deadLetterAlarm(props.deadLetterQueue),
  );
  // One pair per delivery stream: one stream, or one per OCSF class for Security Lake (a fixed
  // number either way, never per console).
  const streams = delivery.streams;
  const success = delivery.metrics('Success', 'Minimum');
  const freshness = delivery.metrics('DataFreshness', 'Maximum');
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

/**
 * Fleet health that does not multiply per console: one alarm on failed runs of any console (a
 * Metrics Insights query over the collector's own metrics), and one dashboard whose widgets rank
 * the consoles that fail or lag most, so the failing console is named where the alarm points.
 */
export function addFleetHealth(scope: Construct, props: HealthProps): cloudwatch.Dashboard {
  const { alarmTopic, fleet, delivery, sources, periodsBeforeAlarm } = props;
  // per console: only the bad news (RunFailed, BacklogRemaining); everything else per source
  const query = (metric: string, statistic: string, groupBy: string, schema = 'console, service, source') =>
    new cloudwatch.MathExpression({
      expression: `SELECT ${statistic}(${metric}) FROM SCHEMA(CanaryCollector, ${schema})${groupBy}`,
      period: Duration.minutes(15),
      usingMetrics: {},
    });
  notifyingAlarm(
    scope,
    'FleetRunsFailing',
    `runs of one or more consoles failed in ${periodsBeforeAlarm} periods of 15 minutes in a row: the fleet dashboard ranks them, canary-collector status --failing names them`,
    alarmTopic,
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
    scope,
    'FleetFallingBehind',
    `runs of one or more consoles ended with more to read in ${periodsBeforeAlarm} periods of 15 minutes in a row (collection lag growing): the fleet dashboard ranks them`,
    alarmTopic,
    {
      metric: query('BacklogRemaining', 'MAX', " WHERE source != 'birds' AND source != 'tokens'"),
      threshold: 1,
      evaluationPeriods: periodsBeforeAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  );
  for (const [source, queue] of fleet.deadLetters) {
    notifyingAlarm(
      scope,
      `FleetRunRequestsFailed-${source}`,
      `${source}: a console's run request failed three times and went to its dead-letter queue (the message names the console)`,
      alarmTopic,
      deadLetterAlarm(queue),
    );
  }
  const dashboard = new cloudwatch.Dashboard(scope, 'FleetDashboard', {
    dashboardName: `canary-collector-${Stack.of(scope).stackName}`.slice(0, 255),
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
      left: [...fleet.queues]
        .filter(([source]) => sources.includes(source))
        .map(([source, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), label: source }),
        ),
      width: 12,
    }),
  );
  dashboard.addWidgets(queueAgeWidget(props));
  const freshness = delivery.metrics('DataFreshness', 'Maximum');
  const success = delivery.metrics('Success', 'Average');
  if (freshness.length > 0)
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Firehose delivery',
        left: freshness,
        right: success,
        width: 24,
      }),
    );
  return dashboard;
}

/**
 * The oldest run request's age per source, with each source's interval drawn across: a line that
 * stays above its interval means consoles start later than their next run is due, the fleet has
 * outgrown fleet.maxConcurrency (docs/capacity.md says by how much to raise it).
 */
function queueAgeWidget(props: HealthProps): cloudwatch.GraphWidget {
  const queues = [...props.fleet.queues].filter(([source]) => props.sources.includes(source));
  return new cloudwatch.GraphWidget({
    title: 'Oldest run request waiting (seconds), by source: above its interval = raise fleet.maxConcurrency',
    left: queues.map(([source, queue]) =>
      queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
        label: source,
      }),
    ),
    // up to an hour: a day-long interval (tokens) drawn across would flatten the other lines
    leftAnnotations: queues.flatMap(([source]) => {
      const minutes = props.intervals?.[source];
      return minutes === undefined || minutes > 60
        ? []
        : [{ value: minutes * 60, label: `${source} interval` }];
    }),
    width: 12,
  });
}
