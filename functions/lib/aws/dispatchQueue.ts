import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CollectorError } from '../core/errors.ts';

/**
 * Puts run requests on a source's queue, ten to a call, sending again only what SQS refused. Throws
 * when some are still refused after `maxAttempts`: the dispatch then fails and is retried whole, which
 * is harmless, as a console's lease keeps two runs of it from overlapping.
 */
export class DispatchQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly maxAttempts = 4,
  ) {}

  async send(bodies: string[]): Promise<number> {
    let calls = 0;
    for (let start = 0; start < bodies.length; start += 10) {
      let pending = bodies
        .slice(start, start + 10)
        .map((body, i) => ({ Id: String(start + i), MessageBody: body }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > this.maxAttempts)
          throw new CollectorError(
            'DISPATCH_FAILED',
            `SQS refused ${pending.length} run requests ${this.maxAttempts} times in a row`,
          );
        calls++;
        const reply = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
        );
        const refused = new Set((reply.Failed ?? []).map((f) => f.Id));
        pending = pending.filter((entry) => refused.has(entry.Id));
      }
    }
    return calls;
  }
}
