import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, startDynamo } from '#fakes/emulators/dynamo.ts';
import { FaultyDynamoProxy } from '#fakes/emulators/faultyProxy.ts';
import { FirehoseEmulator } from '#fakes/emulators/firehose.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { SqsEmulator } from '#fakes/emulators/sqs.ts';
import { SimulatorFleet } from '#fakes/simulator/fleet.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { SOURCE_NAMES, type SourceName } from '#lib/core/ports.ts';
import { createHandler, type SqsEvent } from '#lib/entrypoints/collector.ts';
import { createDispatcher } from '#lib/entrypoints/dispatcher.ts';
import { SOURCE_DEFINITIONS } from '#lib/sources/index.ts';
import { LOCAL_TABLE, localContext, localEnv } from './stack.ts';

/** The local fleet's intervals: one "interval" of dispatches runs every console once per source. */
const INTERVAL_MINUTES = 5;

export interface FleetRunResult {
  consoles: number;
  records: number;
  failedRuns: Array<{ console: string; source: SourceName }>;
  outFile: string;
  /** AWS calls of the last pass, per operation (DynamoDB through a counting proxy), for the cost figures. */
  calls: Record<string, number>;
  /** Wall time of the last pass (dispatch and every run), in this one process. */
  lastPassMs: number;
  /** Sizes in bytes of the table's items after the pass, by kind (registry, or the checkpoint's source). */
  itemBytes: Record<string, number[]>;
}

/**
 * The fleet code path, locally: simulated consoles, the registry in dynalite, each console's secret in
 * the Secrets Manager emulator, the dispatcher run over one interval of minutes (time compressed), and
 * each source's queue drained into its real handler in SQS batches of ten, as the event source
 * mapping would. Every console of the fleet is collected once per source; a failed console fails alone.
 */
export async function runFleet(
  count: number,
  outDir: string,
  options: { incidentsPerConsole: number; print: (line: string) => void; passes?: number },
): Promise<FleetRunResult> {
  const fleet = new SimulatorFleet(count, {
    incidents: options.incidentsPerConsole,
    auditEntries: 10,
    birds: 3,
    tokens: 4,
  });
  const dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, LOCAL_TABLE);
  const proxy = new FaultyDynamoProxy(dynamo.url);
  const dynamoUrl = await proxy.start();
  const firehose = new FirehoseEmulator({ outDir, streams: ['fleet'], fileName: 'fleet.ndjson' });
  const secrets = new SecretsManagerEmulator();
  const sqs = new SqsEmulator();
  const aws = new AwsJsonServer({
    Firehose_20150804: (operation, input) => firehose.handle(operation, input),
    secretsmanager: (operation, input) => secrets.handle(operation, input),
    AmazonSQS: (operation, input) => sqs.handle(operation, input),
  });
  const saved = { ...process.env };
  try {
    const consoles = await fleet.start();
    const awsUrl = await aws.start();
    const queue = (source: SourceName) => `${awsUrl}/000000000000/canary-collector-${source}`;
    // the local stack's environment, with the registry instead of a CONSOLES list, and SQS
    const { CONSOLES: _list, ...local } = localEnv({ dynamoUrl, awsUrl, consoles: [] });
    const env = {
      ...local,
      AWS_ENDPOINT_URL_SQS: awsUrl,
      DELIVERY_STREAM: 'fleet',
      CONSOLE_REGISTRY: 'true',
      DISPATCH_QUEUES: JSON.stringify(Object.fromEntries(SOURCE_NAMES.map((s) => [s, queue(s)]))),
      SOURCE_DEFAULTS: JSON.stringify(
        Object.fromEntries(
          SOURCE_NAMES.map((s) => [s, { enabled: true, intervalMinutes: INTERVAL_MINUTES }]),
        ),
      ),
    };
    for (const key of ['CONSOLES', 'DELIVERY_STREAMS']) delete process.env[key];
    Object.assign(process.env, env);

    const registry = new ConsoleRegistry(DynamoDBDocumentClient.from(new DynamoDBClient({})), LOCAL_TABLE);
    await registry.markFleet();
    for (const c of consoles) {
      secrets.put(
        `canary-collector/${c.name}`,
        JSON.stringify({ baseUrl: c.baseUrl, authToken: c.authToken }),
      );
      await registry.put({
        name: c.name,
        secretId: `canary-collector/${c.name}`,
        addedAt: new Date().toISOString(),
      });
    }
    options.print(
      `canary-collector fleet: ${count} simulated consoles, registry in dynalite, output → ${join(outDir, 'fleet.ndjson')}`,
    );

    const dispatch = createDispatcher();
    const failedRuns: FleetRunResult['failedRuns'] = [];
    const passes = options.passes ?? 1;
    let before: Record<string, number> = {};
    let lastPassStarted = 0;
    for (let pass = 0; pass < passes; pass++) {
      // the last pass is measured alone: with nothing new, it is what every later interval costs
      if (pass === passes - 1) {
        before = { ...aws.counts, ...proxy.counts };
        lastPassStarted = performance.now();
      }
      const start = (Math.floor(Date.now() / 60_000) + pass * INTERVAL_MINUTES) * 60_000;
      for (let minute = 0; minute < INTERVAL_MINUTES; minute++)
        await dispatch({ scheduledTime: new Date(start + minute * 60_000).toISOString() });
      await drain(pass === passes - 1);
    }
    const lastPassMs = performance.now() - lastPassStarted;
    const after: Record<string, number> = { ...aws.counts, ...proxy.counts };
    const lastPass = Object.fromEntries(
      Object.entries(after)
        .map(([op, n]) => [op, n - (before[op] ?? 0)])
        .filter(([, n]) => Number(n) > 0),
    );

    async function drain(report: boolean) {
      for (const source of SOURCE_NAMES) {
        const handler = createHandler(SOURCE_DEFINITIONS[source]);
        const requests = sqs.messages(queue(source));
        sqs.queues.delete(queue(source));
        let runs = 0;
        for (let at = 0; at < requests.length; at += 10) {
          const event: SqsEvent = {
            Records: requests.slice(at, at + 10).map((body, i) => ({
              messageId: String(at + i),
              body,
              eventSource: 'aws:sqs',
            })),
          };
          const reply = await handler(event, localContext(60_000));
          runs += event.Records.length;
          for (const failure of reply.batchItemFailures) {
            const body = requests[Number(failure.itemIdentifier)] ?? '{}';
            failedRuns.push({ console: (JSON.parse(body) as { console: string }).console, source });
          }
        }
        if (report)
          options.print(
            `${source}: ${runs} console runs, ${failedRuns.filter((f) => f.source === source).length} failed`,
          );
      }
    }
    const itemBytes: Record<string, number[]> = {};
    const scan = await registry.scanAll();
    for (const item of scan) {
      const pk = String(item.pk);
      const kind = pk.startsWith('registry:')
        ? 'registry'
        : pk.includes('#')
          ? pk.slice(pk.lastIndexOf('#') + 1)
          : pk;
      itemBytes[kind] = [...(itemBytes[kind] ?? []), Buffer.byteLength(JSON.stringify(item))];
    }
    return {
      consoles: count,
      records: firehose.accepted,
      failedRuns,
      outFile: join(outDir, 'fleet.ndjson'),
      calls: lastPass,
      lastPassMs,
      itemBytes,
    };
  } finally {
    process.env = saved;
    await Promise.all([aws.stop(), proxy.stop(), dynamo.stop(), fleet.stop()]);
  }
}
