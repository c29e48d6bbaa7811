import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { FirehoseEmulator } from '#fakes/emulators/firehose.ts';
import { FirehoseSink } from '#lib/aws/sinks/firehoseSink.ts';
import { CollectorError } from '#lib/core/errors.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { firehoseClient } from '#support/aws.ts';

let emulator: FirehoseEmulator;
let server: AwsJsonServer;
let sink: FirehoseSink;
let batchSizes: number[];
const outDir = mkdtempSync(join(tmpdir(), 'firehose-'));

const record = (n: number, pad = 0): OutputRecord => ({
  event_id: `e${n}`,
  source: 'incident',
  console: 'c',
  time: 't',
  collected_at: 't',
  canary: { n, pad: 'x'.repeat(pad) },
});

function delivered(stream = 'events'): number[] {
  const file = join(outDir, `${stream}.ndjson`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { canary: { n: number } }).canary.n);
}

beforeAll(async () => {
  emulator = new FirehoseEmulator({ outDir, streams: ['events'] });
  server = new AwsJsonServer({
    Firehose_20150804: (operation, input) => {
      batchSizes.push((input.Records as unknown[] | undefined)?.length ?? 0);
      return emulator.handle(operation, input);
    },
  });
  await server.start();
  sink = new FirehoseSink(firehoseClient(server.url), 'events', { sleep: async () => {} });
});
afterAll(() => server.stop());
beforeEach(() => {
  batchSizes = [];
  emulator.failRate = 0;
  emulator.outage = undefined;
});

describe('FirehoseSink (emulator, real SDK)', () => {
  it('writes one NDJSON line per record, in batches of at most 500 records', async () => {
    const records = Array.from({ length: 1201 }, (_, i) => record(i));
    const result = await sink.put(records);
    expect(batchSizes).toEqual([500, 500, 201]);
    expect(result.calls).toBe(3);
    expect(delivered()).toEqual(records.map((_, i) => i));
  });

  it('keeps each batch under 4 MiB', async () => {
    await sink.put(Array.from({ length: 20 }, (_, i) => record(10_000 + i, 500_000)));
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(8);
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('retries only the records Firehose refused, and loses none at a 30% failure rate', async () => {
    emulator.failRate = 0.3;
    const before = delivered().length;
    const accepted = emulator.accepted;
    const records = Array.from({ length: 1000 }, (_, i) => record(20_000 + i));
    await sink.put(records);
    const after = delivered().slice(before);
    expect([...after].sort((a, b) => a - b)).toEqual(records.map((_, i) => 20_000 + i));
    expect(emulator.accepted - accepted).toBe(1000);
    // retries carried only the refused ones: far fewer than two full passes
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBeLessThan(1700);
  });

  it('retries a throttled call, then delivers', async () => {
    emulator.outage = { error: 'ServiceUnavailableException', calls: 2 };
    await sink.put([record(30_000)]);
    expect(delivered().at(-1)).toBe(30_000);
  });

  it('fails with SINK_FAILED when records keep being refused', async () => {
    emulator.failRate = 1;
    const error = await sink.put([record(40_000), record(40_001)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorError);
    expect((error as CollectorError).code).toBe('SINK_FAILED');
    expect((error as CollectorError).message).toMatch(
      /2 of 2 records after 6 attempts in a row without progress/,
    );
  });

  it('refuses a record over 1,000 KiB: the batch it would join is not sent, and put fails', async () => {
    const error = await sink.put([record(50_000), record(50_001, 1_100_000)]).catch((e: unknown) => e);
    expect((error as CollectorError).code).toBe('RECORD_TOO_LARGE');
    expect((error as CollectorError).message).toMatch(/record e50001 is \d+ bytes/);
    expect(batchSizes).toEqual([]);
  });

  it('reads lazy records as it sends: a batch goes out before the next records are made', async () => {
    let made = 0;
    const madeAtSend: number[] = [];
    const counting = new FirehoseSink(firehoseClient(server.url), 'events', { sleep: async () => {} });
    const before = batchSizes.length;
    function* records() {
      for (let i = 0; i < 1100; i++) {
        if (batchSizes.length > before + madeAtSend.length) madeAtSend.push(made);
        made++;
        yield record(60_000 + i);
      }
    }
    await counting.put(records());
    expect(batchSizes.slice(before)).toEqual([500, 500, 100]);
    // each batch was sent once its 500 records were read and the 501st did not fit: never the whole input first
    expect(madeAtSend).toEqual([501, 1001]);
    expect(delivered().slice(-1100)).toEqual(Array.from({ length: 1100 }, (_, i) => 60_000 + i));
  });
});
