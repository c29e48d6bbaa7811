import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  LOCAL_TABLE,
  type LocalStack,
  type LocalStackOptions,
  localContext,
  startLocalStack,
} from '#dev/stack.ts';
import { DynamoCheckpointStore } from '#lib/aws/checkpointStore.ts';
import type { RunSummary } from '#lib/core/collect.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { createHandler } from '#lib/entrypoints/collector.ts';
import { incidents } from '#lib/sources/incidents.ts';
import { SOURCE_DEFINITIONS } from '#lib/sources/index.ts';
import { documentClient } from './aws.ts';

export interface OutputLine {
  event_id: string;
  source: string;
  console: string;
  time: string;
  part?: number;
  parts?: number;
  parent_event_id?: string;
  canary: {
    id: string;
    updated_id: number;
    description: { events: unknown[]; acknowledged: string; events_count: string };
  };
}

/** The real incidents handler against a fresh local stack (simulator, dynalite, emulators), as in Lambda. */
export async function localRun(options: Partial<LocalStackOptions> = {}) {
  const outDir = mkdtempSync(join(tmpdir(), 'canary-out-'));
  const stack: LocalStack = await startLocalStack({ outDir, ...options });
  stack.applyEnv();
  const handler = createHandler(incidents);
  const handlers: Partial<Record<SourceName, ReturnType<typeof createHandler>>> = { incidents: handler };

  const simulator = stack.simulator;
  if (simulator === undefined) throw new Error('localRun needs the simulator');
  const outFile = stack.firehose.outFile(stack.env.DELIVERY_STREAM as string);
  return {
    stack,
    simulator,
    invoke: (budgetMs = 60_000): Promise<RunSummary> =>
      handler({ console: stack.consoleName }, localContext(budgetMs)),
    /** The real handler of `source`, one container per source for this stack. */
    run: (source: SourceName, budgetMs = 60_000): Promise<RunSummary> => {
      handlers[source] ??= createHandler(SOURCE_DEFINITIONS[source]);
      return (handlers[source] as ReturnType<typeof createHandler>)(
        { console: stack.consoleName },
        localContext(budgetMs),
      );
    },
    /**
     * Simulates a crash between delivery and commit: once Firehose has accepted the `batch`-th batch,
     * another run takes the checkpoint of `source` (its version moves), so this run's commit is refused.
     */
    crashAfterBatch: (source: SourceName, batch: number) => {
      const emulator = stack.firehose;
      const original = emulator.handle.bind(emulator);
      let calls = 0;
      emulator.handle = async (operation, input) => {
        const result = original(operation, input);
        if (++calls === batch) {
          await documentClient(stack.dynamo.url).send(
            new UpdateCommand({
              TableName: LOCAL_TABLE,
              Key: { pk: `${stack.consoleName}#${source}` },
              UpdateExpression: 'SET #v = #v + :n',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':n': 1000 },
            }),
          );
          emulator.handle = original;
        }
        return result;
      };
    },

    /** The checkpoint item of `source`, as DynamoDB holds it. */
    checkpoint: (source: SourceName) =>
      new DynamoCheckpointStore(documentClient(stack.dynamo.url), LOCAL_TABLE, z.unknown()).read(
        `${stack.consoleName}#${source}`,
      ),
    /** A handler of its own: a second Lambda container (of the incidents source unless named). */

    secondContainer: (source: SourceName = 'incidents') => createHandler(SOURCE_DEFINITIONS[source]),

    records: (): OutputLine[] =>
      existsSync(outFile)
        ? readFileSync(outFile, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as OutputLine)
        : [],
    outFile,
    stop: () => stack.stop(),
  };
}

/** Every (id, updated_id) the simulator has as current or past versions is delivered exactly once. */
export function versionCounts(lines: OutputLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    if (line.part !== undefined && line.part > 1) continue;
    const key = `${line.canary.id}#${line.canary.updated_id}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
