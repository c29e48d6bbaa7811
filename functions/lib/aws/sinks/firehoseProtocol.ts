import type { FirehoseClientConfig } from '@aws-sdk/client-firehose';
import { AwsJson1_1Protocol } from '@aws-sdk/core/protocols';

type SerializeArgs = Parameters<AwsJson1_1Protocol['serializeRequest']>;

interface BatchInput {
  DeliveryStreamName?: string;
  Records?: Array<{ Data?: Uint8Array }>;
}

/**
 * Firehose's JSON protocol with a PutRecordBatch body written by Node's own base64 encoder. The SDK's
 * serializer base64-encodes every record in a JavaScript loop into a buffer it grows by doubling: a
 * tenth of a backfill's CPU and several megabytes of garbage per batch. This writes the same wire
 * JSON (`{"DeliveryStreamName":…,"Records":[{"Data":"<base64>"},…]}`) into one buffer of its exact
 * size; the SDK still builds the request (endpoint, headers) from the batch without its records, and
 * signs and sends it as ever. Every other operation is the SDK's own.
 */
export class FirehoseBatchProtocol extends AwsJson1_1Protocol {
  override async serializeRequest(...[operation, input, context]: SerializeArgs) {
    const batch = input as BatchInput;
    if (operation.name !== 'PutRecordBatch' || !Array.isArray(batch.Records))
      return super.serializeRequest(operation, input, context);
    const request = await super.serializeRequest(operation, { ...batch, Records: [] }, context);
    request.body = this.batchBody(batch.DeliveryStreamName ?? '', batch.Records);
    return request;
  }

  /** The PutRecordBatch body (a method, so that a test can see it is the one the client sends). */
  protected batchBody(streamName: string, records: Array<{ Data?: Uint8Array }>): Buffer {
    return batchBody(streamName, records);
  }
}

/** What the Firehose client is built with wherever the collector sends batches. */
export const FIREHOSE_CLIENT_CONFIG = { protocol: FirehoseBatchProtocol } satisfies FirehoseClientConfig;

const OPEN_RECORD = Buffer.from('{"Data":"');
const CLOSE_RECORD = Buffer.from('"}');
const NO_DATA = Buffer.from('{}');

/** The PutRecordBatch JSON body, in one buffer. */
export function batchBody(streamName: string, records: Array<{ Data?: Uint8Array }>): Buffer {
  const head = Buffer.from(`{"DeliveryStreamName":${JSON.stringify(streamName)},"Records":[`);
  let size = head.length + 2 + Math.max(0, records.length - 1);
  for (const record of records)
    size +=
      record.Data === undefined
        ? NO_DATA.length
        : OPEN_RECORD.length + base64Length(record.Data.byteLength) + CLOSE_RECORD.length;
  const body = Buffer.allocUnsafeSlow(size);
  let at = head.copy(body, 0);
  records.forEach((record, index) => {
    if (index > 0) body[at++] = 0x2c; // ,
    const data = record.Data;
    // a record without data is `{}`, as the SDK writes it (Firehose refuses it either way)
    if (data === undefined) {
      at += NO_DATA.copy(body, at);
      return;
    }
    at += OPEN_RECORD.copy(body, at);
    // base64 is ASCII: written as latin1, one byte per character
    at += body.write(
      Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
      at,
      'latin1',
    );
    at += CLOSE_RECORD.copy(body, at);
  });
  body[at++] = 0x5d; // ]
  body[at++] = 0x7d; // }
  return body;
}

function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
