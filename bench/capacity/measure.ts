import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_TABLE, localContext, startLocalStack } from '#dev/stack.ts';
import { checkpointKey } from '#lib/core/collect.ts';
import { SOURCE_NAMES, type SourceName } from '#lib/core/ports.ts';
import { createHandler } from '#lib/entrypoints/collector.ts';
import { SOURCE_DEFINITIONS } from '#lib/sources/index.ts';
import type { RunProfile } from './model.ts';

/** A realistic console: more incidents than the checkpoint tracks (2,000), so its event-count map is full. */
export const MEASURED_CONSOLE = { incidents: 2500, auditEntries: 500, birds: 20, tokens: 50 };

export interface SourceMeasure {
  /** First runs: the backfill (incidents, audit trail) or the snapshot (birds, tokens), ms each. */
  firstMs: number[];
  /** Runs with nothing new (a snapshot source: no snapshot due), ms each. */
  idleMs: number[];
  firstRequests: number;
  /** Per idle run: Canary requests, Firehose calls, DynamoDB calls. */
  idle: { canary: number; firehose: number; dynamo: number };
  /** The checkpoint item after the runs: bytes as DynamoDB sizes it, and what touching it consumes. */
  checkpoint: { bytes: number; writeUnits: number; readUnits: number };
}

/**
 * Per-run durations on the local stack (the simulator, dynalite, the emulators; the real handlers in
 * this process): `consoles` consoles on one simulator, each run once from nothing, then `idleRuns`
 * times with nothing new. The first console's first run builds the container and is left out.
 */
export async function measureRuns(
  consoles: number,
  idleRuns: number,
): Promise<Record<SourceName, SourceMeasure>> {
  process.env.POWERTOOLS_LOG_LEVEL = 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const stack = await startLocalStack({
    outDir: mkdtempSync(join(tmpdir(), 'capacity-')),
    simulator: MEASURED_CONSOLE,
    dynamoProxy: true,
  });
  const simulator = stack.simulator;
  const proxy = stack.proxy;
  if (simulator === undefined || proxy === undefined)
    throw new Error('the bench needs the simulator and proxy');
  const names = Array.from({ length: consoles }, (_, i) => `capacity-${i}`);
  // every console reads the one simulator through the same secret
  stack.env.CONSOLES = JSON.stringify(names.map((name) => ({ name, secretId: stack.secretId })));
  stack.applyEnv();
  const dynamo = new DynamoDBClient({});
  const dynamoCalls = () => Object.values(proxy.counts).reduce((a, b) => a + b, 0);
  const out = {} as Record<SourceName, SourceMeasure>;
  try {
    for (const source of SOURCE_NAMES) {
      const handler = createHandler(SOURCE_DEFINITIONS[source]);
      const run = async (name: string) => {
        const started = performance.now();
        const summary = await handler({ console: name }, localContext(280_000));
        if (summary.error !== undefined) throw new Error(`${source} ${name}: ${summary.error.message}`);
        return performance.now() - started;
      };
      const firstMs: number[] = [];
      const requestsBefore = simulator.requests.length;
      for (const name of names) firstMs.push(await run(name));
      const firstRequests = (simulator.requests.length - requestsBefore) / names.length;
      const before = {
        canary: simulator.requests.length,
        firehose: stack.firehose.calls,
        dynamo: dynamoCalls(),
      };
      const idleMs: number[] = [];
      for (let pass = 0; pass < idleRuns; pass++) for (const name of names) idleMs.push(await run(name));
      const runs = idleRuns * names.length;
      out[source] = {
        firstMs: firstMs.slice(1),
        idleMs,
        firstRequests,
        idle: {
          canary: (simulator.requests.length - before.canary) / runs,
          firehose: (stack.firehose.calls - before.firehose) / runs,
          dynamo: (dynamoCalls() - before.dynamo) / runs,
        },
        checkpoint: await checkpointCost(dynamo, checkpointKey(names[0] as string, source)),
      };
    }
  } finally {
    await stack.stop();
  }
  return out;
}

/**
 * The checkpoint item's size and what reading and updating it consume, as dynalite bills them (a write
 * unit per KB of the larger of the item before and after, a strongly consistent read unit per 4 KB):
 * a no-op update (REMOVE of an attribute the item lacks) stands for each of a run's lease and release.
 */
async function checkpointCost(dynamo: DynamoDBClient, pk: string): Promise<SourceMeasure['checkpoint']> {
  const read = await dynamo.send(
    new GetItemCommand({
      TableName: LOCAL_TABLE,
      Key: { pk: { S: pk } },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  const write = await dynamo.send(
    new UpdateItemCommand({
      TableName: LOCAL_TABLE,
      Key: { pk: { S: pk } },
      UpdateExpression: 'REMOVE capacityProbe',
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  // dynalite's own sizing (attribute names and values, as DynamoDB counts them); it has no types
  const { itemSize } = createRequire(import.meta.url)('dynalite/db/index.js') as {
    itemSize: (item: unknown) => number;
  };
  return {
    bytes: read.Item === undefined ? 0 : itemSize(read.Item),
    writeUnits: write.ConsumedCapacity?.CapacityUnits ?? 0,
    readUnits: read.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

/** The model's run profile of a source from its measures: what a dispatched run does at the default intervals. */
export function profileOf(source: SourceName, measure: SourceMeasure): RunProfile {
  // At their default intervals (60 and 1,440 minutes) every birds and tokens run takes a snapshot;
  // incidents and audit trail runs are idle once the backfill is done.
  const snapshot = source === 'birds' || source === 'tokens';
  return snapshot
    ? { localMs: measure.firstMs, requests: measure.firstRequests }
    : { localMs: measure.idleMs, requests: measure.idle.canary };
}

/** Durations (ms) as `p50 / p95 / max`. */
export function spread(ms: readonly number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `${at(0.5).toFixed(1)} / ${at(0.95).toFixed(1)} / ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
}
