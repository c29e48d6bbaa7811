import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createCheckpointTable, startDynamo } from '#fakes/emulators/dynamo.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import type { SourceName } from '#lib/core/ports.ts';

export interface ScanMeasure {
  consoles: number;
  /** Checkpoint items in the table besides the registry entries. */
  checkpointItems: number;
  /** Median of the timed `list()` calls, ms. */
  ms: number;
  pages: number;
  /** Read units the pages consumed (eventually consistent: half a unit per 4 KB read). */
  readUnits: number;
  /** Items the dispatcher got back (the registry entries). */
  listed: number;
  /** A Scan of the whole table, for comparison: what the dispatcher read before the index. */
  tableScan: { pages: number; readUnits: number };
}

const TABLE = 'capacity-scan';

/**
 * The dispatcher's minute read, `ConsoleRegistry.list()` (the real Query of the registry index, the
 * real SDK), against dynalite holding `consoles` registry entries and, per console, a checkpoint item
 * per source of the given sizes (beside the registry, not in its index). Each page (Query, or a Scan
 * on a table without the index) is asked for its consumed capacity on the way out, by a middleware.
 */
export async function measureScan(
  consoles: number,
  checkpointBytes: Partial<Record<SourceName, number>>,
  repeats = 3,
): Promise<ScanMeasure> {
  const dynamo = await startDynamo();
  try {
    await createCheckpointTable(dynamo.url, TABLE);
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: dynamo.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const registry = new ConsoleRegistry(client, TABLE);
    const names = Array.from({ length: consoles }, (_, i) => `console-${String(i).padStart(5, '0')}`);
    const sources = Object.entries(checkpointBytes) as Array<[SourceName, number]>;
    for (let at = 0; at < names.length; at += 50) {
      await Promise.all(
        names.slice(at, at + 50).flatMap((name) => [
          registry.put({ name, secretId: `canary-collector/${name}`, addedAt: new Date().toISOString() }),
          // a checkpoint of the measured size: its key, and a state attribute padding it out
          ...sources.map(([source, bytes]) =>
            client.send(
              new PutCommand({
                TableName: TABLE,
                Item: { pk: `${name}#${source}`, state: 'x'.repeat(Math.max(1, bytes - name.length - 30)) },
              }),
            ),
          ),
        ]),
      );
    }
    let pages = 0;
    let readUnits = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const scan = context.commandName === 'ScanCommand' || context.commandName === 'QueryCommand';
        if (scan) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        const reply = await next(args);
        if (scan) {
          pages++;
          readUnits +=
            (reply.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity
              ?.CapacityUnits ?? 0;
        }
        return reply;
      },
      { step: 'initialize', name: 'capacityScanMeasure' },
    );
    const times: number[] = [];
    let listed = 0;
    for (let r = 0; r < repeats; r++) {
      pages = 0;
      readUnits = 0;
      const started = performance.now();
      listed = (await registry.list()).length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const query = { pages, readUnits };
    // what a Scan of the whole table reads: the dispatcher's read before the registry had its index
    pages = 0;
    readUnits = 0;
    await registry.scanAll();
    return {
      consoles,
      checkpointItems: consoles * sources.length,
      ms: times[Math.floor(times.length / 2)] ?? 0,
      ...query,
      listed,
      tableScan: { pages, readUnits },
    };
  } finally {
    await dynamo.stop();
  }
}
