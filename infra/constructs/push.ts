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
import { PushEnvSchema } from '#lib/model/pushEnv.ts';
import { type EnvOf, environmentFor } from '../config/environment.ts';
import type { Delivery } from '../delivery/index.ts';
import { notifyingAlarm } from './alarms.ts';
import { bundledHandler, logGroupAndRole } from './function.ts';

/** How records are shaped: as the collectors shape them (format, credentials, envelope). */
export type PushOutput = Pick<
  EnvOf<typeof PushEnvSchema>,
  'OUTPUT_FORMAT' | 'OUTPUT_CREDENTIALS' | 'OUTPUT_ENVELOPE'
>;

export interface PushReceiverProps {
  /** Requests a second each receiver container takes, and five times that as a burst, before 429. */
  readonly ratePerSecond: number;
  /** A webhook whose time is older than this is refused (a replay); polling delivers it. */
  readonly maxAgeSeconds: number;
  /** Bodies larger than this are refused (413). */
  readonly maxBodyBytes: number;
  /**
   * Concurrency reserved for the receiver, bounding what a flood can cost (the deployment config's
   * default is 5; 0 there means none).
   * @default - none reserved: the receiver draws on the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  readonly output: PushOutput;
  readonly table: dynamodb.ITableV2;
  /** The streams of the incidents and audit-trail records. */
  readonly delivery: Delivery;
  readonly logRetention: logs.RetentionDays;
  readonly alarmTopic: sns.ITopic;
}

/**
 * The push path: a Lambda function URL the consoles post their generic webhooks to, and the push key
 * their header values derive from. A function URL, not API Gateway: nothing to pay while idle and no
 * per-request fee beyond Lambda's, one resource instead of five; what API Gateway would add (rate
 * limits, size limits, auth) the receiver does itself, before it reads the body.
 */
export class PushReceiver extends Construct {
  /** The URL the consoles post to (canary-collector push setup --url). */
  readonly url: lambda.FunctionUrl;
  /** The push key each console's webhook header is derived from. */
  readonly secret: secretsmanager.Secret;
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: PushReceiverProps) {
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
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      environment: environmentFor(PushEnvSchema, {
        CHECKPOINT_TABLE: props.table.tableName,
        PUSH_SECRET_ID: this.secret.secretArn,
        ...props.delivery.environmentFor('incidents', 'audit-trail'),
        ...props.output,
        PUSH_RATE_PER_SECOND: props.ratePerSecond,
        PUSH_BURST: props.ratePerSecond * 5,
        PUSH_MAX_AGE_SECONDS: props.maxAgeSeconds,
        PUSH_MAX_BODY_BYTES: props.maxBodyBytes,
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_METRICS_NAMESPACE: 'CanaryCollector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      }),
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
