import * as z from 'zod';

export interface SqsEvent {
  Records: Array<{ messageId: string; body: string; eventSource: 'aws:sqs' }>;
}
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** An SQS batch (a fleet's run requests): one `{"console": "<name>"}` per message. */
const SqsEventSchema = z.object({
  Records: z
    .array(z.object({ messageId: z.string(), body: z.string(), eventSource: z.literal('aws:sqs') }))
    .min(1),
});

export function isSqsEvent(event: unknown): event is SqsEvent {
  return SqsEventSchema.safeParse(event).success;
}

/**
 * Each message of the batch on its own, in the manner of Powertools' `processPartialResponse`: a
 * failed message is reported back for SQS to retry (then its dead-letter queue), and never holds up
 * the others. `handle` reports its own failures (its log line and metrics).
 */
export async function processBatch(
  event: SqsEvent,
  handle: (body: unknown) => Promise<unknown>,
): Promise<BatchResponse> {
  const batchItemFailures: BatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = record.body;
    }
    try {
      await handle(body);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
