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
 * Splunk HEC: the token in Secrets Manager (never in the template), failed deliveries backed up to the
 * stack's bucket, an hour of retries before that.
 */
export function splunkDestination(
  scope: Construct,
  destination: DestinationOf<'splunk'>,
  context: DestinationContext,
): OneStream {
  // failed deliveries only: kept a year
  const base = firehoseBase(scope, 365, context.logRetention);
  const token = endpointSecret(scope, base, destination.tokenSecretArn, 'SplunkHecToken', 'hec_token');
  return {
    base,
    metricPrefix: 'DeliveryToSplunk',
    endpointSecret: token.secret,
    streamProps: {
      splunkDestinationConfiguration: {
        hecEndpoint: destination.hecEndpoint,
        hecEndpointType: destination.hecEndpointType,
        secretsManagerConfiguration: token.configuration,
        s3BackupMode: 'FailedEventsOnly',
        s3Configuration: bucketConfiguration(base, 'backup/', 300),
        retryOptions: { durationInSeconds: 3600 },
        cloudWatchLoggingOptions: base.logging,
      },
    },
  };
}
