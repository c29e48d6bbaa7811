import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { SourceName } from '#lib/core/ports.ts';
import type { AthenaTables } from '../constructs/athena.ts';
import { acknowledgeWildcard } from '../constructs/nag.ts';

/**
 * What the destination modules (s3.ts, splunk.ts, http.ts, securityLake.ts, existing.ts) share: the
 * streams they give, what they tell the Delivery, and the stack's bucket, role and delivery log that
 * every destination but an existing stream starts from.
 */

/** A delivery stream; `classUid` when it takes one OCSF class only (Security Lake). */
export interface DeliveryStream {
  readonly arn: string;
  readonly name: string;
  /** @default - not a Security Lake class stream: every class goes to this one */
  readonly classUid?: number;
}

/** What a destination module reads besides its own part of the config. */
export interface DestinationContext {
  /** The output format: the S3 destination's Athena tables read the native format only. */
  readonly format: 'native' | 'ocsf' | 'ecs';
  /** The enabled sources: Security Lake has a stream for each OCSF class they emit. */
  readonly sources: readonly SourceName[];
  readonly logRetention: logs.RetentionDays;
}

/** The stack's bucket, Firehose's role (which writes it) and the delivery log. */
export interface FirehoseBase {
  readonly bucket: s3.Bucket;
  readonly role: iam.Role;
  readonly logging: firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
}

/** A destination the Delivery's one stream (`Stream`) writes to: S3, Splunk HEC, an HTTP endpoint. */
export interface OneStream {
  readonly base: FirehoseBase;
  /** The Firehose metric prefix of the delivery: DeliveryToS3, DeliveryToSplunk, DeliveryToHttpEndpoint. */
  readonly metricPrefix: string;
  /** The stream's destination configuration; the Delivery adds the type and the encryption. */
  readonly streamProps: firehose.CfnDeliveryStreamProps;
  /**
   * The secret Firehose reads the endpoint's credential from (Splunk and HTTP).
   * @default - none: S3 needs no endpoint credential
   */
  readonly endpointSecret?: secretsmanager.ISecret;
  /**
   * The S3 destination's tables, workgroup and named queries (native format only).
   * @default - no Athena tables (another destination or format)
   */
  readonly athena?: AthenaTables;
}

/** A destination with streams of its own: Security Lake's, one per OCSF class, or an existing stream. */
export interface OwnStreams {
  /**
   * The stack's own bucket and Firehose role.
   * @default - none: an existing stream, the stack then has no bucket of its own
   */
  readonly base?: FirehoseBase;
  /** @default - no delivery metrics (another stack's stream) */
  readonly metricPrefix?: string;
  readonly streams: readonly DeliveryStream[];
}

export type DestinationParts = OneStream | OwnStreams;

/** The bucket (objects expire after `expireAfterDays`), Firehose's role and its delivery log. */
export function firehoseBase(
  scope: Construct,
  expireAfterDays: number,
  logRetention: logs.RetentionDays,
): FirehoseBase {
  const bucket = new s3.Bucket(scope, 'Bucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: false,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { id: 'expire-records', expiration: Duration.days(expireAfterDays) },
      { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'Only Firehose writes to this bucket; CloudTrail data events can be enabled by the operator. A second bucket for access logs would need its own logging.',
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
  });
  grantDelivery(role, bucket);
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const logStream = new logs.LogStream(scope, 'DeliveryErrors', { logGroup });
  logGroup.grantWrite(role);
  return {
    bucket,
    role,
    logging: { enabled: true, logGroupName: logGroup.logGroupName, logStreamName: logStream.logStreamName },
  };
}

/** Firehose's S3 configuration for the stack's bucket: under `prefix`, every `seconds` or 5 MB, gzipped. */
export function bucketConfiguration(base: FirehoseBase, prefix: string, seconds: number) {
  return {
    bucketArn: base.bucket.bucketArn,
    roleArn: base.role.roleArn,
    prefix,
    errorOutputPrefix: 'failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
    bufferingHints: { intervalInSeconds: seconds, sizeInMBs: 5 },
    compressionFormat: 'GZIP',
    cloudWatchLoggingOptions: base.logging,
  };
}

/**
 * The secret Firehose reads an endpoint's credential from, readable by its role: the one named by
 * `arn`, or a placeholder holding `{"<key>": <random>}` until the operator puts the real one
 * (Firehose reads `hec_token` for Splunk, `api_key` for HTTP). Its construct id is `<name>Secret`.
 */
export function endpointSecret(
  scope: Construct,
  base: FirehoseBase,
  arn: string | undefined,
  name: string,
  key: string,
): {
  secret: secretsmanager.ISecret;
  configuration: { enabled: boolean; secretArn: string; roleArn: string };
} {
  const secret =
    arn === undefined
      ? placeholderSecret(scope, name, key)
      : secretsmanager.Secret.fromSecretCompleteArn(scope, `${name}Secret`, arn);
  secret.grantRead(base.role);
  return {
    secret,
    configuration: { enabled: true, secretArn: secret.secretArn, roleArn: base.role.roleArn },
  };
}

function placeholderSecret(scope: Construct, name: string, key: string): secretsmanager.ISecret {
  const secret = new secretsmanager.Secret(scope, `${name}Secret`, {
    description: `canary-collector: ${name} for Firehose; put {"${key}": "..."} with aws secretsmanager put-secret-value`,
    generateSecretString: { secretStringTemplate: '{}', generateStringKey: key, excludePunctuation: true },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'A SIEM endpoint key is issued by the SIEM; Secrets Manager cannot rotate it.',
  });
  return secret;
}

/**
 * Firehose's role on the stack's bucket: the actions of Firehose's documented S3 destination policy
 * and nothing more (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3).
 * Not `grantReadWrite`, which adds s3:DeleteObject* and every s3:GetObject* and s3:List* action:
 * Firehose never deletes, and a role that could would let a compromised stream erase delivered records.
 */
function grantDelivery(role: iam.Role, bucket: s3.Bucket): void {
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [bucket.bucketArn],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
}

/** The cdk-nag finding of Firehose's role on the stack's bucket: the bucket's objects. */
export function acknowledgeBucketGrant(base: FirehoseBase): void {
  acknowledgeWildcard(
    base.role,
    base.bucket,
    '/*',
    'The objects of the delivery bucket, which Firehose writes.',
  );
}
