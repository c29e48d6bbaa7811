import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { EventSink } from '#lib/core/ports.ts';
import { ClassRoutingSink } from './classRoutingSink.ts';
import { FirehoseSink } from './firehoseSink.ts';
import { HecEnvelopeSink } from './hecEnvelope.ts';

/**
 * Where a function's records go: its one stream, or a stream per OCSF class (Security Lake), in
 * Splunk HEC's envelope when the destination is HEC's event endpoint. The collectors and the push
 * receiver build theirs the same way, so a pushed record lands where its polled twin does.
 */
export function deliverySink(
  firehose: FirehoseClient,
  config: {
    DELIVERY_STREAM?: string | undefined;
    DELIVERY_STREAMS?: Record<string, string> | undefined;
    OUTPUT_ENVELOPE: 'none' | 'splunk-hec';
  },
): EventSink {
  const delivery =
    config.DELIVERY_STREAMS === undefined
      ? new FirehoseSink(firehose, config.DELIVERY_STREAM as string)
      : new ClassRoutingSink(
          new Map(
            Object.entries(config.DELIVERY_STREAMS).map(([classUid, stream]) => [
              Number(classUid),
              new FirehoseSink(firehose, stream),
            ]),
          ),
        );
  return config.OUTPUT_ENVELOPE === 'splunk-hec' ? new HecEnvelopeSink(delivery) : delivery;
}
