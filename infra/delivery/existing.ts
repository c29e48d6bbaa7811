import type { DestinationOf } from '../config/schema.ts';
import type { OwnStreams } from './firehose.ts';

/**
 * A stream that exists already, by ARN: the collectors put to it and nothing else is made (its
 * delivery, metrics and alarms belong to the stack that owns it).
 */
export function existingStream(destination: DestinationOf<'existing'>): OwnStreams {
  return {
    streams: [{ arn: destination.streamArn, name: destination.streamArn.split('/').pop() as string }],
  };
}
