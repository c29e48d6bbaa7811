import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { DeployedSource } from './config.ts';
import type { Delivery } from './delivery.ts';
import type { ScheduledCollector } from './scheduledCollector.ts';

/** A dashboard per console: records per source, failed runs, backlog, Canary requests, delivery. */
export function dashboardFor(
  scope: Construct,
  consoleName: string,
  collectors: Partial<Record<DeployedSource, ScheduledCollector>>,
  delivery: Delivery,
): cloudwatch.Dashboard {
  const sources = Object.keys(collectors) as DeployedSource[];
  const perSource = (metricName: string, statistic = 'Sum') =>
    sources.map(
      (source) =>
        new cloudwatch.Metric({
          namespace: 'CanaryCollector',
          metricName,
          dimensionsMap: { service: 'canary-collector', console: consoleName, source },
          statistic,
          period: Duration.minutes(15),
          label: source,
        }),
    );
  const dashboard = new cloudwatch.Dashboard(scope, `Dashboard-${consoleName}`, {
    dashboardName: `canary-collector-${consoleName.replace(/[^A-Za-z0-9_-]/g, '-')}`,
  });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({ title: 'Records sent', left: perSource('RecordsSent'), width: 12 }),
    new cloudwatch.GraphWidget({ title: 'Failed runs', left: perSource('RunFailed'), width: 12 }),
    new cloudwatch.GraphWidget({
      title: 'Runs ending with a backlog (lag)',
      left: perSource('BacklogRemaining', 'Maximum'),
      width: 12,
    }),
    new cloudwatch.GraphWidget({ title: 'Canary requests', left: perSource('CanaryRequests'), width: 12 }),
  );
  const freshness = delivery.metrics('DataFreshness', 'Maximum');
  const success = delivery.metrics('Success', 'Average');
  if (freshness.length > 0) {
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Firehose delivery', left: freshness, right: success, width: 24 }),
    );
  }
  return dashboard;
}
