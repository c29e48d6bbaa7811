import type { Construct } from 'constructs';
import type { DestinationOf } from '../config/schema.ts';
import { AthenaTables } from '../constructs/athena.ts';
import { bucketConfiguration, type DestinationContext, firehoseBase, type OneStream } from './firehose.ts';
import { metadataExtraction, S3_PARTITION_QUERY, s3PartitionPrefix } from './partitioning.ts';

/**
 * S3, the default: the stack's bucket laid out for query (`<prefix>source=/date=`, by Firehose's
 * dynamic partitioning), and for the native format Glue tables, an Athena workgroup and the shipped
 * queries over it.
 */
export function s3Destination(
  scope: Construct,
  destination: DestinationOf<'s3'>,
  context: DestinationContext,
): OneStream {
  const base = firehoseBase(scope, destination.expireAfterDays, context.logRetention);
  const streamProps = {
    extendedS3DestinationConfiguration: {
      ...bucketConfiguration(base, s3PartitionPrefix(destination.prefix), destination.bufferingSeconds),
      // Dynamic partitioning needs at least 64 MB of buffer; the interval still bounds the delay.
      bufferingHints: { intervalInSeconds: destination.bufferingSeconds, sizeInMBs: 64 },
      dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
      processingConfiguration: metadataExtraction(S3_PARTITION_QUERY),
    },
  };
  // The tables read the native format; OCSF users query Security Lake (or their own tables).
  const athena =
    context.format === 'native'
      ? new AthenaTables(scope, 'Athena', { bucket: base.bucket, prefix: destination.prefix })
      : undefined;
  return {
    base,
    metricPrefix: 'DeliveryToS3',
    streamProps,
    ...(athena === undefined ? {} : { athena }),
  };
}
