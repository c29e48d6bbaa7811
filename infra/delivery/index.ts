import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SourceName } from '#lib/core/ports.ts';
import type { DeliveryEnv } from '#lib/model/delivery.ts';
import { OCSF_CLASS_TABLES } from '#siem/securitylake/schemas.ts';
import type { EnvValues } from '../config/environment.ts';
import type { Destination } from '../config/schema.ts';
import type { AthenaTables } from '../constructs/athena.ts';
import { existingStream } from './existing.ts';
import {
  acknowledgeBucketGrant,
  type DeliveryStream,
  type DestinationContext,
  type DestinationParts,
} from './firehose.ts';
import { httpDestination } from './http.ts';
import { s3Destination } from './s3.ts';
import { securityLakeDestination } from './securityLake.ts';
import { splunkDestination } from './splunk.ts';

export type { DeliveryStream } from './firehose.ts';

export interface DeliveryProps extends DestinationContext {
  /** Where records go: the deployment config's destination, of any type. */
  readonly destination: Destination;
}

/** How a function is told where its records go: DELIVERY_STREAM, or DELIVERY_STREAMS by OCSF class. */
export type DeliveryValues = EnvValues<typeof DeliveryEnv>;

/** The destination module of the config's type: the one place the type is told apart. */
function destinationParts(scope: Construct, props: DeliveryProps): DestinationParts {
  const { destination } = props;
  switch (destination.type) {
    case 's3':
      return s3Destination(scope, destination, props);
    case 'splunk':
      return splunkDestination(scope, destination, props);
    case 'http':
      return httpDestination(scope, destination, props);
    case 'securitylake':
      return securityLakeDestination(scope, destination, props);
    case 'existing':
      return existingStream(destination);
  }
}

/**
 * Where records go: a Firehose delivery stream to S3 (default, partitioned for query, with Glue tables,
 * an Athena workgroup and the shipped queries), Splunk HEC or an HTTP endpoint, with every failed
 * delivery backed up to S3; one stream per OCSF class to Amazon Security Lake; or an existing stream,
 * by ARN. Endpoint credentials live in Secrets Manager, never in the template. Each destination type
 * is a module of this folder.
 */
export class Delivery extends Construct {
  readonly streams: readonly DeliveryStream[];
  /** The Firehose metric prefix of the destination (DeliveryToS3, DeliveryToSplunk, DeliveryToHttpEndpoint). */
  readonly metricPrefix: string | undefined;
  /** The stack's bucket (delivered records, failed deliveries or the JSON copy); none for an existing stream. */
  readonly bucket: s3.Bucket | undefined;
  /** The secret Firehose reads the endpoint's credential from (Splunk and HTTP destinations). */
  readonly endpointSecret: secretsmanager.ISecret | undefined;
  /** The S3 destination's tables, workgroup and named queries. */
  readonly athena: AthenaTables | undefined;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const parts = destinationParts(this, props);
    this.metricPrefix = parts.metricPrefix;
    this.bucket = parts.base?.bucket;
    this.endpointSecret = 'streamProps' in parts ? parts.endpointSecret : undefined;
    this.athena = 'streamProps' in parts ? parts.athena : undefined;
    if ('streamProps' in parts) {
      const stream = new firehose.CfnDeliveryStream(this, 'Stream', {
        deliveryStreamType: 'DirectPut',
        ...parts.streamProps,
        deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      });
      stream.node.addDependency(parts.base.role);
      this.streams = [{ arn: stream.attrArn, name: stream.ref }];
    } else {
      this.streams = parts.streams;
    }
    if (parts.base !== undefined) acknowledgeBucketGrant(parts.base);
  }

  /** The streams the records of these sources go to: the one stream, or their OCSF classes' streams. */
  streamsFor(...sources: SourceName[]): DeliveryStream[] {
    const classes = new Set<number>(
      OCSF_CLASS_TABLES.filter((t) => t.sources.some((s) => sources.includes(s))).map((t) => t.classUid),
    );
    return this.streams.filter((s) => s.classUid === undefined || classes.has(s.classUid));
  }

  /** How a function is told where these sources' records go: DELIVERY_STREAM, or DELIVERY_STREAMS by OCSF class. */
  environmentFor(...sources: SourceName[]): DeliveryValues {
    const streams = this.streamsFor(...sources);
    if (streams.every((s) => s.classUid === undefined)) return { DELIVERY_STREAM: streams[0]?.name ?? '' };
    return { DELIVERY_STREAMS: Object.fromEntries(streams.map((s) => [String(s.classUid), s.name])) };
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
}
