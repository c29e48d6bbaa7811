import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** An alarm that notifies the alarm topic; its description is what the e-mail's reader sees first. */
export function notifyingAlarm(
  scope: Construct,
  id: string,
  description: string,
  topic: sns.ITopic,
  props: cloudwatch.AlarmProps,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    ...props,
    alarmDescription: `canary-collector: ${description}`,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}

/** CloudWatch evaluates at most a day of data: as many periods as wanted, as long as they fit in one. */
export function withinADay(periodMinutes: number, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(1440 / periodMinutes)));
}

/** Any message waiting in a dead-letter queue: something failed for good and is kept there. */
export function deadLetterAlarm(queue: sqs.IQueue): cloudwatch.AlarmProps {
  return {
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}
