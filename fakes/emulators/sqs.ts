import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from './awsJson.ts';

/** Amazon SQS (JSON protocol), as far as the fleet dispatcher uses it: SendMessageBatch. */
export class SqsEmulator {
  readonly queues = new Map<string, string[]>();
  /** Share of entries refused (a partial batch failure), 0 to 1. */
  failRate = 0;
  private calls = 0;

  messages(queueUrl: string): string[] {
    return this.queues.get(queueUrl) ?? [];
  }

  handle(operation: string, input: Record<string, unknown>): unknown {
    if (operation !== 'SendMessageBatch') throw new AwsError('UnknownOperationException', operation);
    const url = String(input.QueueUrl ?? '');
    const entries = (input.Entries ?? []) as Array<{ Id: string; MessageBody: string }>;
    if (entries.length === 0 || entries.length > 10)
      throw new AwsError('AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'between 1 and 10 entries');
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const entry of entries) {
      this.calls++;
      // deterministic refusals: every n-th entry, so a test can reason about them
      if (this.failRate > 0 && this.calls % Math.round(1 / this.failRate) === 0) {
        failed.push({ Id: entry.Id, SenderFault: false, Code: 'InternalError', Message: 'simulated' });
        continue;
      }
      this.queues.set(url, [...this.messages(url), entry.MessageBody]);
      successful.push({
        Id: entry.Id,
        MessageId: randomUUID(),
        MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
      });
    }
    return { Successful: successful, Failed: failed };
  }
}
