import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE, localContext, localEnv } from '#dev/stack.ts';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, startDynamo } from '#fakes/emulators/dynamo.ts';
import { FaultyDynamoProxy } from '#fakes/emulators/faultyProxy.ts';
import { FirehoseEmulator } from '#fakes/emulators/firehose.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { SOURCE_NAMES } from '#lib/core/ports.ts';
import { createHandler, type SqsEvent } from '#lib/entrypoints/collector.ts';
import { SOURCE_DEFINITIONS } from '#lib/sources/index.ts';
import { type Figure, prefixed, writeResults } from './results.ts';

/**
 * `npm run bench:idle`: the calls an idle run makes on the fleet path, as every deployment runs: the
 * console in the registry (CONSOLE_REGISTRY=true), its secret in Secrets Manager, the run requested by
 * an SQS message. Per source, one container backfills, then runs once more with nothing new (warm:
 * the secret cached); then a new container runs (cold: the secret read). Counted at the simulator,
 * at a proxy in front of dynalite (by operation) and at the AWS emulators.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const NAME = 'idle';
const TOKEN = 'idle-bench-token-3f9a';

const outDir = mkdtempSync(join(tmpdir(), 'idle-bench-'));
const simulator = new CanarySimulator({
  seed: 7,
  authToken: TOKEN,
  incidents: 50,
  auditEntries: 20,
  birds: 3,
  tokens: 4,
});
const baseUrl = await simulator.start();
const dynamo = await startDynamo();
await createCheckpointTable(dynamo.url, LOCAL_TABLE);
const proxy = new FaultyDynamoProxy(dynamo.url);
const dynamoUrl = await proxy.start();
const firehose = new FirehoseEmulator({ outDir, streams: ['idle'], fileName: 'idle.ndjson' });
const secrets = new SecretsManagerEmulator();
const aws = new AwsJsonServer({
  Firehose_20150804: (operation, input) => firehose.handle(operation, input),
  secretsmanager: (operation, input) => secrets.handle(operation, input),
});
const awsUrl = await aws.start();
// the local stack's environment with the registry instead of a CONSOLES list, as runFleet sets it
const { CONSOLES: _list, ...local } = localEnv({ dynamoUrl, awsUrl, consoles: [] });
Object.assign(process.env, { ...local, DELIVERY_STREAM: 'idle', CONSOLE_REGISTRY: 'true' });
delete process.env.CONSOLES;

const registry = new ConsoleRegistry(DynamoDBDocumentClient.from(new DynamoDBClient({})), LOCAL_TABLE);
await registry.markFleet();
secrets.put(`canary-collector/${NAME}`, JSON.stringify({ baseUrl, authToken: TOKEN }));
await registry.put({ name: NAME, secretId: `canary-collector/${NAME}`, addedAt: new Date().toISOString() });

/** One SQS message asking for a run of the console, as the dispatcher sends it. */
const request: SqsEvent = {
  Records: [{ messageId: '0', body: JSON.stringify({ console: NAME }), eventSource: 'aws:sqs' }],
};

/** The calls `run` makes: Canary requests, DynamoDB calls by operation, Firehose calls, secret reads. */
async function counted(run: () => Promise<unknown>): Promise<Record<string, Figure>> {
  const canaryBefore = simulator.requests.length;
  const before = { ...aws.counts, ...proxy.counts };
  await run();
  const after: Record<string, number> = { ...aws.counts, ...proxy.counts };
  const delta = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
  const dynamoOps = Object.keys(after).filter((op) => op.startsWith('DynamoDB_') && delta(op) > 0);
  return {
    canaryRequests: simulator.requests.length - canaryBefore,
    dynamoDbCalls: dynamoOps.reduce((sum, op) => sum + delta(op), 0),
    ...Object.fromEntries(dynamoOps.map((op) => [`dynamoDb.${op.split('.').pop()}`, delta(op)])),
    firehoseCalls: delta('Firehose_20150804.PutRecordBatch') + delta('Firehose_20150804.PutRecord'),
    secretReads: delta('secretsmanager.GetSecretValue'),
  };
}

const figures: Record<string, Figure> = {};
const failures: string[] = [];
const handle = async (handler: ReturnType<typeof createHandler>) => {
  const reply = await handler(request, localContext(60_000));
  if (reply.batchItemFailures.length > 0) failures.push('a run failed');
};
for (const source of SOURCE_NAMES) {
  const warm = createHandler(SOURCE_DEFINITIONS[source]);
  // the backfill, run after run until the source has nothing more (a run stops at its page budget)
  for (let i = 0; i < 100; i++) {
    const summary = await warm({ console: NAME }, localContext(60_000));
    if (!summary.more) break;
  }
  Object.assign(figures, prefixed(`${source}.warm`, await counted(() => handle(warm))));
  Object.assign(
    figures,
    prefixed(`${source}.cold`, await counted(() => handle(createHandler(SOURCE_DEFINITIONS[source])))),
  );
}
await Promise.all([aws.stop(), proxy.stop(), dynamo.stop(), simulator.stop()]);
rmSync(outDir, { recursive: true, force: true });
if (failures.length > 0) throw new Error(`idle runs failed: ${failures.join(', ')}`);

process.stdout.write(
  'idle fleet-path run (registry, SQS request): Canary requests / DynamoDB calls / Firehose / secret reads\n',
);
for (const source of SOURCE_NAMES)
  for (const kind of ['warm', 'cold']) {
    const f = (name: string) => figures[`${source}.${kind}.${name}`] ?? 0;
    const ops = Object.keys(figures)
      .filter((key) => key.startsWith(`${source}.${kind}.dynamoDb.`))
      .map((key) => `${key.split('.').pop()} ${figures[key]}`)
      .join(', ');
    process.stdout.write(
      `${`${source} (${kind})`.padEnd(20)} ${f('canaryRequests')} / ${f('dynamoDbCalls')} (${ops}) / ${f('firehoseCalls')} / ${f('secretReads')}\n`,
    );
  }
writeResults('idle', figures);
