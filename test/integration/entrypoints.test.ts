import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStack } from '#dev/stack.ts';
import { createCollector } from '#lib/entrypoints/collector.ts';
import { createDispatcher } from '#lib/entrypoints/dispatcher.ts';
import { incidents } from '#lib/sources/incidents.ts';
import { documentClient, firehoseClient, secretsClient } from '#support/aws.ts';
import { captureOutput } from '#support/capture.ts';

/**
 * The composition roots take their environment and clients as arguments: built with the local
 * stack's, with none of it in process.env, they run as in Lambda. (The other roots are built the
 * same way in their own tests: the push receiver in push.test.ts, the sync in registrySync.test.ts.)
 */
captureOutput();
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

const AWS_VARIABLES =
  /^(AWS_|CHECKPOINT_TABLE|DELIVERY_STREAM|CONSOLES|CONSOLE_REGISTRY|DISPATCH_|SOURCE_DEFAULTS)/;
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (AWS_VARIABLES.test(key)) delete process.env[key];
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function stack() {
  const outDir = mkdtempSync(join(tmpdir(), 'canary-roots-'));
  const local = await startLocalStack({ outDir, simulator: { incidents: 30 } });
  stops.push(local.stop);
  const aws = local.env.AWS_ENDPOINT_URL_FIREHOSE as string;
  const clients = {
    documents: documentClient(local.env.AWS_ENDPOINT_URL_DYNAMODB as string),
    firehose: firehoseClient(aws),
    secrets: secretsClient(aws),
    sqs: new SQSClient({ region: 'us-east-1', endpoint: aws }),
  };
  return { local, clients, outFile: local.firehose.outFile(local.env.DELIVERY_STREAM as string) };
}

describe('composition roots with their dependencies handed in', () => {
  it('a collector built with an environment and clients of its own collects, with process.env untouched', async () => {
    const { local, clients, outFile } = await stack();
    expect(process.env.CHECKPOINT_TABLE).toBeUndefined();
    let now = Date.parse('2026-12-01T00:00:00Z');
    const collector = createCollector(incidents, { env: local.env, clients, now: () => (now += 10) });
    const summary = await collector.run(local.consoleName, { budgetMs: 60_000, owner: 'test' });
    expect(summary).toMatchObject({ status: 'completed', stats: { recordsSent: 30 } });
    expect(readFileSync(outFile, 'utf8').trim().split('\n')).toHaveLength(30);
    // the injected clock stamped the records
    expect(JSON.parse(readFileSync(outFile, 'utf8').split('\n')[0] as string).collected_at).toMatch(
      /^2026-12-01T/,
    );
    expect(process.env.CHECKPOINT_TABLE).toBeUndefined();
  });

  it('a collector without an environment reports CONFIG_INVALID naming what is missing, not an exception', async () => {
    const { clients } = await stack();
    const collector = createCollector(incidents, { env: {}, clients });
    const error = await collector.run('local', { budgetMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toContain('CHECKPOINT_TABLE: CHECKPOINT_TABLE is required');
  });

  it('the dispatcher reads its own environment, not the process one', async () => {
    const { local, clients } = await stack();
    const dispatch = createDispatcher({
      env: {
        CHECKPOINT_TABLE: local.env.CHECKPOINT_TABLE,
        DISPATCH_QUEUES: JSON.stringify({}),
        SOURCE_DEFAULTS: JSON.stringify({}),
      },
      clients,
      now: () => Date.parse('2026-12-01T10:07:00Z'),
    });
    expect(await dispatch({})).toEqual({ minute: '2026-12-01T10:07:00.000Z', consoles: 0, dispatched: {} });
  });
});
