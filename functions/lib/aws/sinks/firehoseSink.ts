import { type _Record, type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CollectorError } from '#lib/core/errors.ts';
import type { EventSink, SinkRecord } from '#lib/core/ports.ts';
import { recordJson } from '#lib/core/serialise.ts';
import { FIREHOSE_MAX_RECORD_BYTES, LineBatch } from './lineBatch.ts';

export {
  FIREHOSE_MAX_RECORD_BYTES,
  MAX_BATCH_BYTES,
  MAX_BATCH_RECORDS,
} from './lineBatch.ts';

export interface FirehoseSinkOptions {
  /** Attempts in a row that get no record through before a batch fails; only refused records are re-sent. */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Delivers records to a Firehose stream as NDJSON lines, in batches of at most 500 records and 4 MiB.
 * `put` returns only once every record is accepted; otherwise it throws and the caller must not
 * commit its checkpoint.
 */
export class FirehoseSink implements EventSink {
  private readonly client: FirehoseClient;
  private readonly streamName: string;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** How large the last batch was: the next put's first batch buffer starts at that size. */
  private batchBytes = 0;

  constructor(client: FirehoseClient, streamName: string, options: FirehoseSinkOptions = {}) {
    this.client = client;
    this.streamName = streamName;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async put(records: Iterable<SinkRecord>): Promise<{ calls: number; bytes: number }> {
    let calls = 0;
    let bytes = 0;
    const batch = new LineBatch(this.batchBytes);
    const send = async () => {
      bytes += batch.bytes;
      calls += await this.sendBatch(batch.take());
    };
    for (const record of records) {
      const json = recordJson(record);
      const size = Buffer.byteLength(json) + 1;
      if (size > FIREHOSE_MAX_RECORD_BYTES) {
        throw new CollectorError(
          'RECORD_TOO_LARGE',
          `record ${recordId(record)} is ${size} bytes; Firehose takes at most ${FIREHOSE_MAX_RECORD_BYTES}`,
        );
      }
      if (!batch.fits(size)) await send();
      batch.add(json, size);
    }
    if (batch.count > 0) await send();
    this.batchBytes = batch.expected;
    return { calls, bytes };
  }

  /**
   * Sends one batch, then again only the records Firehose refused. An attempt that got any record
   * through resets the count: partial failures keep making progress; `maxAttempts` in a row with no
   * progress at all is an outage, and the batch fails.
   */
  private async sendBatch(batch: Uint8Array[]): Promise<number> {
    let pending = batch;
    let lastError = 'unknown';
    let calls = 0;
    for (let stalled = 0; stalled < this.maxAttempts; ) {
      if (calls > 0)
        await this.sleep(this.baseDelayMs * 2 ** Math.max(0, stalled - 1) * (0.5 + Math.random()));
      calls++;
      try {
        const reply = await this.client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: this.streamName,
            Records: pending.map((Data): _Record => ({ Data })),
          }),
        );
        if ((reply.FailedPutCount ?? 0) === 0) return calls;
        const responses = reply.RequestResponses ?? [];
        // A missing response entry counts as refused: re-sending is safe, losing is not.
        const refused = pending.filter(
          (_, index) => responses[index] === undefined || responses[index]?.ErrorCode !== undefined,
        );
        lastError = responses.find((r) => r.ErrorCode !== undefined)?.ErrorCode ?? 'FailedPutCount';
        stalled = refused.length < pending.length ? 0 : stalled + 1;
        pending = refused;
        if (pending.length === 0) return calls;
      } catch (error) {
        lastError = error instanceof Error ? error.name : String(error);
        stalled++;
      }
    }
    throw new CollectorError(
      'SINK_FAILED',
      `Firehose stream ${this.streamName} did not accept ${pending.length} of ${batch.length} records after ${this.maxAttempts} attempts in a row without progress (last error: ${lastError})`,
    );
  }
}

/** A record's id in any format: `event_id` (native), `metadata.uid` (OCSF), `event.id` (ECS), inside a HEC envelope or not. */
function recordId(record: SinkRecord): string {
  const inner = (
    record.sourcetype !== undefined && typeof record.event === 'object' ? record.event : record
  ) as SinkRecord;
  const metadata = inner.metadata as { uid?: unknown } | undefined;
  const event = inner.event as { id?: unknown } | undefined;
  return String(inner.event_id ?? metadata?.uid ?? event?.id ?? 'without an id');
}
