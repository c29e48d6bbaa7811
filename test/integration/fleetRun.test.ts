import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext } from '#dev/stack.ts';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { FirehoseEmulator } from '#fakes/emulators/firehose.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { type FleetConsole, SimulatorFleet } from '#fakes/simulator/fleet.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { createHandler, type SqsEvent } from '#lib/entrypoints/collector.ts';
import { incidents } from '#lib/sources/incidents.ts';
import { documentClient } from '../support/aws.ts';
import { captureOutput } from '../support/capture.ts';

/**
 * A fleet run, as SQS delivers it: the registry in dynalite, every console's secret in the Secrets
 * Manager emulator, 40 simulated consoles, and the real incidents handler taking SQS batches of run
 * requests. One console's revoked token fails that console alone.
 */
const TABLE = 'fleet-run';
const captured = captureOutput();
const fleet = new SimulatorFleet(40, { incidents: 30, auditEntries: 5, birds: 2, tokens: 2 });
let consoles: FleetConsole[];
let dynamo: LocalDynamo;
let aws: AwsJsonServer;
const outDir = mkdtempSync(join(tmpdir(), 'fleet-'));
const firehose = new FirehoseEmulator({ outDir, streams: ['fleet'] });
const secrets = new SecretsManagerEmulator();
const saved = { ...process.env };

const batch = (names: string[]): SqsEvent => ({
  Records: names.map((name, i) => ({
    messageId: `m-${i}-${name}`,
    body: JSON.stringify({ console: name }),
    eventSource: 'aws:sqs',
  })),
});
const delivered = () =>
  readFileSync(join(outDir, 'fleet.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { console: string; event_id: string; canary: { id: string } });

beforeAll(async () => {
  consoles = await fleet.start();
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  aws = new AwsJsonServer({
    Firehose_20150804: (operation, input) => firehose.handle(operation, input),
    secretsmanager: (operation, input) => secrets.handle(operation, input),
  });
  await aws.start();
  const registry = new ConsoleRegistry(documentClient(dynamo.url), TABLE);
  for (const c of consoles) {
    secrets.put(`canary-collector/${c.name}`, JSON.stringify({ baseUrl: c.baseUrl, authToken: c.authToken }));
    await registry.put({
      name: c.name,
      secretId: `canary-collector/${c.name}`,
      addedAt: '2026-11-22T00:00:00.000Z',
    });
  }
  // one console's token was revoked on its console
  secrets.put(
    `canary-collector/${consoles[3]?.name}`,
    JSON.stringify({ baseUrl: consoles[3]?.baseUrl, authToken: 'revoked-0000000000000000' }),
  );
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_FIREHOSE: aws.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
    CHECKPOINT_TABLE: TABLE,
    DELIVERY_STREAM: 'fleet',
    CONSOLE_REGISTRY: 'true',
    HTTP_MAX_RETRIES: '0',
  });
  delete process.env.CONSOLES;
  delete process.env.DELIVERY_STREAMS;
});
afterAll(async () => {
  process.env = saved;
  await aws.stop();
  await dynamo.stop();
  await fleet.stop();
});

describe('a fleet run from SQS batches', () => {
  it('collects every console once, and fails only the console whose token was revoked', async () => {
    const handler = createHandler(incidents);
    const names = consoles.map((c) => c.name);
    const failures: string[] = [];
    for (let i = 0; i < names.length; i += 10) {
      const reply = await handler(batch(names.slice(i, i + 10)), localContext(60_000));
      failures.push(...reply.batchItemFailures.map((f) => f.itemIdentifier));
    }
    expect(failures).toEqual([`m-3-${consoles[3]?.name}`]);
    const records = delivered();
    const byConsole = new Map<string, Set<string>>();
    for (const r of records)
      byConsole.set(r.console, (byConsole.get(r.console) ?? new Set()).add(r.canary.id));
    expect(byConsole.size).toBe(39);
    expect(byConsole.has(consoles[3]?.name as string)).toBe(false);
    for (const c of consoles.filter((_, i) => i !== 3)) expect(byConsole.get(c.name)?.size, c.name).toBe(30);
    expect(new Set(records.map((r) => r.event_id)).size).toBe(records.length);
  });

  it('publishes metrics per source, and per console only the failed run', () => {
    type Emf = {
      _aws?: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
    } & Record<string, unknown>;
    const emf = captured
      .join('')
      .split('\n')
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map((line) => JSON.parse(line) as Emf);
    expect(emf.length).toBeGreaterThan(40);
    const perConsole = emf.filter((m) => m._aws?.CloudWatchMetrics[0]?.Dimensions[0]?.includes('console'));
    expect(
      perConsole.map((m) => [m.console, m._aws?.CloudWatchMetrics[0]?.Metrics.map((x) => x.Name)]),
    ).toEqual([[consoles[3]?.name, ['RunFailed']]]);
    const bySource = emf.filter((m) => !m._aws?.CloudWatchMetrics[0]?.Dimensions[0]?.includes('console'));
    expect(bySource.every((m) => m.console === undefined)).toBe(true);
    expect(new Set(bySource.flatMap((m) => m._aws?.CloudWatchMetrics[0]?.Dimensions[0] ?? []))).toEqual(
      new Set(['service', 'source']),
    );
  });

  it('runs a console added to the registry on its next request, and delivers nothing twice', async () => {
    const handler = createHandler(incidents);
    const before = delivered().length;
    const again = await handler(batch(consoles.map((c) => c.name)), localContext(60_000));
    expect(again.batchItemFailures).toHaveLength(1);
    expect(delivered()).toHaveLength(before);

    const late = new CanarySimulator({ incidents: 12, seed: 99, authToken: 'late-token-0123456789abcdef' });
    const baseUrl = await late.start();
    secrets.put(
      'canary-collector/late',
      JSON.stringify({ baseUrl, authToken: 'late-token-0123456789abcdef' }),
    );
    await new ConsoleRegistry(documentClient(dynamo.url), TABLE).put({
      name: 'late',
      secretId: 'canary-collector/late',
      addedAt: '2026-11-22T00:00:00.000Z',
    });
    const joined = await handler(batch(['late']), localContext(60_000));
    await late.stop();
    expect(joined.batchItemFailures).toEqual([]);
    expect(delivered().filter((r) => r.console === 'late')).toHaveLength(12);
    expect((await handler(batch(['not-registered']), localContext(60_000))).batchItemFailures).toHaveLength(
      1,
    );
  });
});
