import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Deployment } from './config/schema.ts';
import { CanaryCollector } from './constructs/canaryCollector.ts';

/**
 * The stack `cdk deploy` creates: the CanaryCollector construct and its outputs. The outputs live on
 * the stack, so their names are the plain ids below, not construct paths with a hash.
 */
export class CollectorStack extends Stack {
  readonly collector: CanaryCollector;

  constructor(scope: Construct, id: string, config: Deployment, props?: StackProps) {
    super(scope, id, { description: 'canary-collector: Thinkst Canary console data into a SIEM', ...props });
    const collector = new CanaryCollector(this, 'Collector', { config });
    this.collector = collector;
    new CfnOutput(this, 'CheckpointTableName', {
      value: collector.table.tableName,
      description: 'for canary-collector status / reset --table',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: collector.alarmTopic.topicArn });
    if (collector.delivery.endpointSecret !== undefined) {
      new CfnOutput(this, 'DestinationSecretArn', {
        value: collector.delivery.endpointSecret.secretArn,
        description: 'put the SIEM endpoint credential here',
      });
    }
    if (collector.push !== undefined) {
      new CfnOutput(this, 'PushUrl', {
        value: collector.push.url.url,
        description: 'the webhook receiver: canary-collector push setup <console> --url <this>',
      });
      new CfnOutput(this, 'PushSecretArn', {
        value: collector.push.secret.secretArn,
        description: 'the push key: canary-collector push setup <console> --push-secret <this>',
      });
    }
    const athena = collector.delivery.athena;
    if (athena !== undefined) {
      new CfnOutput(this, 'AthenaWorkgroup', {
        value: athena.workgroup.ref,
        description:
          'the shipped queries are saved here: canary-collector report --athena --workgroup <this>',
      });
      new CfnOutput(this, 'GlueDatabase', {
        value: athena.database.ref,
        description: 'the canary_* tables: canary-collector report --athena --database <this>',
      });
    }
    new CfnOutput(this, 'ConsoleSecretPrefix', {
      value: config.fleet.secretPrefix,
      description:
        'each console’s secret is <prefix><console>: canary-collector console token <console> puts it',
    });
  }
}
