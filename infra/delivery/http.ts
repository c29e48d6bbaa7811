import type { Construct } from 'constructs';
import type { DestinationOf } from '../config/schema.ts';
import {
  bucketConfiguration,
  type DestinationContext,
  endpointSecret,
  firehoseBase,
  type OneStream,
} from './firehose.ts';

/**
 * An HTTP endpoint (Firehose's HTTP endpoint delivery, gzipped): the access key in Secrets Manager
 * (never in the template), failed deliveries backed up to the stack's bucket, an hour of retries.
 */
export function httpDestination(
  scope: Construct,
  destination: DestinationOf<'http'>,
  context: DestinationContext,
): OneStream {
  // failed deliveries only: kept a year
  const base = firehoseBase(scope, 365, context.logRetention);
  const key = endpointSecret(scope, base, destination.accessKeySecretArn, 'HttpEndpointKey', 'api_key');
  return {
    base,
    metricPrefix: 'DeliveryToHttpEndpoint',
    endpointSecret: key.secret,
    streamProps: {
      httpEndpointDestinationConfiguration: {
        endpointConfiguration: { url: destination.url, name: destination.name },
        secretsManagerConfiguration: key.configuration,
        requestConfiguration: { contentEncoding: 'GZIP' },
        s3BackupMode: 'FailedDataOnly',
        s3Configuration: bucketConfiguration(base, 'backup/', 300),
        retryOptions: { durationInSeconds: 3600 },
        roleArn: base.role.roleArn,
        cloudWatchLoggingOptions: base.logging,
      },
    },
  };
}
