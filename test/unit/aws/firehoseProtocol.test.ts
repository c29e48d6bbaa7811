import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREHOSE_CLIENT_CONFIG, FirehoseBatchProtocol } from '#lib/aws/sinks/firehoseProtocol.ts';

/** A server that keeps each request's target, headers and raw body, and answers as Firehose would. */
let server: Server;
let url = '';
const seen: Array<{ target: string; body: Buffer; length: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target']);
      seen.push({ target, body, length: req.headers['content-length'] });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      const records = (JSON.parse(body.toString('utf8')) as { Records?: unknown[] }).Records ?? [];
      res.end(
        JSON.stringify(
          target.endsWith('PutRecordBatch')
            ? { FailedPutCount: 0, RequestResponses: records.map((_, i) => ({ RecordId: `r${i}` })) }
            : target.endsWith('PutRecord')
              ? { RecordId: 'r' }
              : { DeliveryStreamDescription: { DeliveryStreamName: 's' } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const base = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

async function bodyOf(config: object, command: PutRecordBatchCommand | PutRecordCommand) {
  const client = new FirehoseClient({ ...base, ...config, endpoint: url });
  seen.length = 0;
  const reply = await client.send(command as PutRecordBatchCommand);
  client.destroy();
  return { reply, request: seen[0] as (typeof seen)[0] };
}

describe('the PutRecordBatch body written with Node’s base64 encoder', () => {
  const records = [
    new Uint8Array(),
    Buffer.from('a'),
    Buffer.from('ab'),
    Buffer.from('abc'),
    Buffer.from('{"message":"ünïcödé \u2028 and \\" quotes"}\n'),
    Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256),
    // a view into a larger buffer, as the sink's records are
    Buffer.from('xxxxhello world\nyyyy').subarray(4, 16),
  ];
  const names = ['canary-collector-events', 'a "quoted" \\ stream ✓'];

  for (const name of names) {
    it(`is byte for byte what the SDK's own serializer sends (stream ${JSON.stringify(name)})`, async () => {
      const command = () =>
        new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((Data) => ({ Data })) });
      const ours = await bodyOf(FIREHOSE_CLIENT_CONFIG, command());
      const sdk = await bodyOf({}, command());
      expect(ours.request.target).toBe('Firehose_20150804.PutRecordBatch');
      expect(ours.request.body.equals(sdk.request.body)).toBe(true);
      expect(ours.request.length).toBe(String(sdk.request.body.length));
      expect(ours.reply.RequestResponses).toHaveLength(records.length);
      const decoded = (
        JSON.parse(ours.request.body.toString('utf8')) as { Records: Array<{ Data: string }> }
      ).Records.map((r) => Buffer.from(r.Data, 'base64'));
      expect(decoded.map((b) => b.toString('hex'))).toEqual(
        records.map((r) => Buffer.from(r).toString('hex')),
      );
    });
  }

  it('is the body the client sends: the protocol writes it, not the SDK serializer behind it', async () => {
    const written: Buffer[] = [];
    class Watched extends FirehoseBatchProtocol {
      protected override batchBody(streamName: string, records: Array<{ Data?: Uint8Array }>): Buffer {
        const body = super.batchBody(streamName, records);
        written.push(body);
        return body;
      }
    }
    const { request } = await bodyOf(
      { protocol: Watched },
      new PutRecordBatchCommand({ DeliveryStreamName: 's', Records: records.map((Data) => ({ Data })) }),
    );
    expect(written).toHaveLength(1);
    expect(request.body.equals(written[0] as Buffer)).toBe(true);
  });

  it('writes a record without data as the SDK does', async () => {
    const command = () =>
      new PutRecordBatchCommand({
        DeliveryStreamName: 's',
        // typed as required; a caller without types could leave it out
        Records: [{} as { Data: Uint8Array }, { Data: Buffer.from('x') }],
      });
    const ours = await bodyOf(FIREHOSE_CLIENT_CONFIG, command());
    const sdk = await bodyOf({}, command());
    expect(ours.request.body.toString()).toBe(sdk.request.body.toString());
  });

  it('leaves every other operation to the SDK', async () => {
    const ours = await bodyOf(
      FIREHOSE_CLIENT_CONFIG,
      new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: Buffer.from('x') } }),
    );
    const sdk = await bodyOf(
      {},
      new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: Buffer.from('x') } }),
    );
    expect(ours.request.body.equals(sdk.request.body)).toBe(true);
    const client = new FirehoseClient({ ...base, ...FIREHOSE_CLIENT_CONFIG, endpoint: url });
    const described = await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 's' }));
    client.destroy();
    expect(described.DeliveryStreamDescription?.DeliveryStreamName).toBe('s');
  });
});
