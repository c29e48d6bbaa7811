import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyingAlarm } from './alarms.ts';
import type { Deployment } from './config.ts';
import type { Delivery } from './delivery.ts';
import { bundledHandler, logGroupAndRole } from './scheduledCollector.ts';

export interface PushProps {
  settings: Deployment['push'];
  output: Deployment['output'];
  splunkEvent: boolean;
  table: dynamodb.ITableV2;
  delivery: Delivery;
  logRetention: logs.RetentionDays;
  alarmTopic: sns.ITopic;
}

/**
 * The push path: a Lambda function URL the consoles post their generic webhooks to, and the push key
 * their header values derive from. A function URL, not API Gateway: nothing to pay while idle and no
 * per-request fee beyond Lambda's, one resource instead of five; what API Gateway would add (rate
 * limits, size limits, auth) the receiver does itself, before it reads the body.
 */
export class PushReceiver extends Construct {
  readonly url: lambda.FunctionUrl;
  readonly secret: secretsmanager.Secret;
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: PushProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Key', {
      description: 'canary-collector push key: each console’s webhook header is derived from it',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'key',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The consoles hold header values derived from this key: a new key means canary-collector push setup --apply on every console, so it is rotated by an operator, not on a schedule.',
    });

    const { logGroup, role } = logGroupAndRole(
      this,
      'canary-collector push receiver: its key, registry entries, alert claims, the incidents and audit streams',
      props.logRetention,
    );
    this.secret.grantRead(role);
    const streams = props.delivery.streamsFor('incidents', 'audit-trail');
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: streams.map((s) => s.arn) }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        // the console's registry entry, and the incident's claim (alertClaims.ts)
        actions: ['dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*', 'alert:*'] } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['alert:*'] } },
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      ...bundledHandler('push-receiver'),
      memorySize: 256,
      timeout: Duration.seconds(15),
      role,
      logGroup,
      ...(props.settings.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.settings.reservedConcurrency }),
      environment: {
        CHECKPOINT_TABLE: props.table.tableName,
        PUSH_SECRET_ID: this.secret.secretArn,
        ...props.delivery.environmentFor('incidents', 'audit-trail'),
        OUTPUT_FORMAT: props.output.format,
        OUTPUT_CREDENTIALS: props.output.credentials,
        ...(props.splunkEvent ? { OUTPUT_ENVELOPE: 'splunk-hec' } : {}),
        PUSH_RATE_PER_SECOND: String(props.settings.ratePerSecond),
        PUSH_BURST: String(props.settings.ratePerSecond * 5),
        PUSH_MAX_AGE_SECONDS: String(props.settings.maxAgeSeconds),
        PUSH_MAX_BODY_BYTES: String(props.settings.maxBodyBytes),
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_METRICS_NAMESPACE: 'CanaryCollector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    // Anyone may reach the URL, as a console on the internet must; the receiver authenticates each
    // request by its console's header before it reads the body.
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    notifyingAlarm(
      this,
      'DeliveryFailing',
      'the push receiver could not put webhooks to Firehose (the consoles were answered 503; polling delivers those incidents)',
      props.alarmTopic,
      {
        metric: new cloudwatch.Metric({
          namespace: 'CanaryCollector',
          metricName: 'WebhookRequests',
          dimensionsMap: { service: 'canary-collector', outcome: 'delivery-failed' },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
  }
}
