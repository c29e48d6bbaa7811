import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { OCSF_CLASS_TABLES } from '../siem/securitylake/schemas.ts';
import { AthenaTables } from './athena.ts';
import type { DeployedSource, Deployment } from './config.ts';
import { acknowledgeWildcard } from './nag.ts';
import { metadataExtraction, S3_PARTITION_QUERY, s3PartitionPrefix } from './partitioning.ts';
import { SecurityLakeStreams } from './securityLake.ts';

/** A delivery stream; `classUid` when it takes one OCSF class only (Security Lake). */
export interface DeliveryStream {
  arn: string;
  name: string;
  classUid?: number;
}

/**
 * Where records go: a Firehose delivery stream to S3 (default, partitioned for query, with Glue tables,
 * an Athena workgroup and the shipped queries), Splunk HEC or an HTTP endpoint, with every failed
 * delivery backed up to S3; one stream per OCSF class to Amazon Security Lake; or an existing stream,
 * by ARN. Endpoint credentials live in Secrets Manager, never in the template.
 */
export class Delivery extends Construct {
  readonly streams: DeliveryStream[];
  /** The Firehose metric prefix of the destination (DeliveryToS3, DeliveryToSplunk, DeliveryToHttpEndpoint). */
  readonly metricPrefix: string | undefined;
  readonly bucket: s3.Bucket | undefined;
  /** The secret Firehose reads the endpoint's credential from (Splunk and HTTP destinations). */
  endpointSecret: secretsmanager.ISecret | undefined;
  /** The S3 destination's tables, workgroup and named queries. */
  athena: AthenaTables | undefined;

  constructor(
    scope: Construct,
    id: string,
    config: Pick<Deployment, 'destination' | 'output' | 'sources'>,
    logRetention: logs.RetentionDays,
  ) {
    super(scope, id);
    const { destination } = config;
    if (destination.type === 'existing') {
      this.streams = [{ arn: destination.streamArn, name: destination.streamArn.split('/').pop() as string }];
      this.metricPrefix = undefined;
      this.bucket = undefined;
      return;
    }
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-records',
          expiration: Duration.days(
            destination.type === 's3'
              ? destination.expireAfterDays
              : destination.type === 'securitylake'
                ? destination.backupExpireAfterDays
                : 365,
          ),
        },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only Firehose writes to this bucket; CloudTrail data events can be enabled by the operator. A second bucket for access logs would need its own logging.',
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
    });
    bucket.grantReadWrite(role);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logStream = new logs.LogStream(this, 'DeliveryErrors', { logGroup });
    logGroup.grantWrite(role);
    const cloudWatchLoggingOptions = {
      enabled: true,
      logGroupName: logGroup.logGroupName,
      logStreamName: logStream.logStreamName,
    };
    const s3Configuration = (prefix: string, seconds: number) => ({
      bucketArn: bucket.bucketArn,
      roleArn: role.roleArn,
      prefix,
      errorOutputPrefix: 'failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
      bufferingHints: { intervalInSeconds: seconds, sizeInMBs: 5 },
      compressionFormat: 'GZIP',
      cloudWatchLoggingOptions,
    });
    const secretAccess = (arn: string | undefined, name: string, key: string) => {
      const secret =
        arn === undefined
          ? this.placeholderSecret(name, key)
          : secretsmanager.Secret.fromSecretCompleteArn(this, `${name}Secret`, arn);
      this.endpointSecret = secret;
      secret.grantRead(role);
      return { enabled: true, secretArn: secret.secretArn, roleArn: role.roleArn };
    };

    this.bucket = bucket;
    if (destination.type === 'securitylake') {
      this.metricPrefix = 'DeliveryToS3';
      const lake = new SecurityLakeStreams(this, 'SecurityLake', {
        destination,
        enabledSources: (Object.keys(config.sources) as DeployedSource[]).filter(
          (s) => config.sources[s].enabled,
        ),
        backupBucket: bucket,
        role,
        cloudWatchLoggingOptions,
      });
      this.streams = lake.streams;
      this.acknowledgeBucketGrant(role, bucket);
      return;
    }

    let props: firehose.CfnDeliveryStreamProps;
    if (destination.type === 's3') {
      this.metricPrefix = 'DeliveryToS3';
      props = {
        deliveryStreamType: 'DirectPut',
        extendedS3DestinationConfiguration: {
          ...s3Configuration(s3PartitionPrefix(destination.prefix), destination.bufferingSeconds),
          // Dynamic partitioning needs at least 64 MB of buffer; the interval still bounds the delay.
          bufferingHints: { intervalInSeconds: destination.bufferingSeconds, sizeInMBs: 64 },
          dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
          processingConfiguration: metadataExtraction(S3_PARTITION_QUERY),
        },
      };
      // The tables read the native format; OCSF users query Security Lake (or their own tables).
      if (config.output.format === 'native')
        this.athena = new AthenaTables(this, 'Athena', { bucket, prefix: destination.prefix });
    } else if (destination.type === 'splunk') {
      this.metricPrefix = 'DeliveryToSplunk';
      props = {
        deliveryStreamType: 'DirectPut',
        splunkDestinationConfiguration: {
          hecEndpoint: destination.hecEndpoint,
          hecEndpointType: destination.hecEndpointType,
          secretsManagerConfiguration: secretAccess(
            destination.tokenSecretArn,
            'SplunkHecToken',
            'hec_token',
          ),
          s3BackupMode: 'FailedEventsOnly',
          s3Configuration: s3Configuration('backup/', 300),
          retryOptions: { durationInSeconds: 3600 },
          cloudWatchLoggingOptions,
        },
      };
    } else {
      this.metricPrefix = 'DeliveryToHttpEndpoint';
      props = {
        deliveryStreamType: 'DirectPut',
        httpEndpointDestinationConfiguration: {
          endpointConfiguration: { url: destination.url, name: destination.name },
          secretsManagerConfiguration: secretAccess(
            destination.accessKeySecretArn,
            'HttpEndpointKey',
            'api_key',
          ),
          requestConfiguration: { contentEncoding: 'GZIP' },
          s3BackupMode: 'FailedDataOnly',
          s3Configuration: s3Configuration('backup/', 300),
          retryOptions: { durationInSeconds: 3600 },
          roleArn: role.roleArn,
          cloudWatchLoggingOptions,
        },
      };
    }
    const stream = new firehose.CfnDeliveryStream(this, 'Stream', {
      ...props,
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
    });
    stream.node.addDependency(role);
    this.streams = [{ arn: stream.attrArn, name: stream.ref }];
    this.acknowledgeBucketGrant(role, bucket);
  }

  /** The streams the records of these sources go to: the one stream, or their OCSF classes' streams. */
  streamsFor(...sources: DeployedSource[]): DeliveryStream[] {
    const classes = new Set<number>(
      OCSF_CLASS_TABLES.filter((t) =>
        (t.sources as readonly string[]).some((s) => sources.includes(s as DeployedSource)),
      ).map((t) => t.classUid),
    );
    return this.streams.filter((s) => s.classUid === undefined || classes.has(s.classUid));
  }

  /** How a function is told where these sources' records go: DELIVERY_STREAM, or DELIVERY_STREAMS by OCSF class. */
  environmentFor(...sources: DeployedSource[]): Record<string, string> {
    const streams = this.streamsFor(...sources);
    if (streams.every((s) => s.classUid === undefined)) return { DELIVERY_STREAM: streams[0]?.name ?? '' };
    return {
      DELIVERY_STREAMS: JSON.stringify(Object.fromEntries(streams.map((s) => [String(s.classUid), s.name]))),
    };
  }

  private acknowledgeBucketGrant(role: iam.IRole, bucket: s3.IBucket): void {
    for (const action of ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: 'The grant CDK generates for Firehose to write its one bucket; scoped to that bucket.',
      });
    }
    acknowledgeWildcard(role, bucket, '/*', 'The objects of the delivery bucket, which Firehose writes.');
  }

  /** A metric of each stream's delivery to its destination; none for an existing stream. */
  metrics(name: 'Success' | 'DataFreshness', statistic: string): cloudwatch.Metric[] {
    const prefix = this.metricPrefix;
    if (prefix === undefined) return [];
    return this.streams.map(
      (stream) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Firehose',
          metricName: `${prefix}.${name}`,
          dimensionsMap: { DeliveryStreamName: stream.name },
          statistic,
          period: Duration.minutes(5),
          ...(stream.classUid === undefined ? {} : { label: `OCSF ${stream.classUid}` }),
        }),
    );
  }

  /** Firehose reads `{"hec_token": ...}` (Splunk) or `{"api_key": ...}` (HTTP); a random one until the operator puts the real one. */
  private placeholderSecret(name: string, key: string): secretsmanager.ISecret {
    const secret = new secretsmanager.Secret(this, `${name}Secret`, {
      description: `canary-collector: ${name} for Firehose; put {"${key}": "..."} with aws secretsmanager put-secret-value`,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: key, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A SIEM endpoint key is issued by the SIEM; Secrets Manager cannot rotate it.',
    });
    return secret;
  }
}
