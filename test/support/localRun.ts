import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../functions/lib/core/collect.ts';
import { createHandler } from '../../functions/lib/runtime.ts';
import { incidents } from '../../functions/lib/sources/incidents.ts';
import { type LocalStack, type LocalStackOptions, localContext, startLocalStack } from '../../local/stack.ts';

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
  const simulator = stack.simulator;
  if (simulator === undefined) throw new Error('localRun needs the simulator');
  const outFile = stack.firehose.outFile(stack.env.DELIVERY_STREAM as string);
  return {
    stack,
    simulator,
    invoke: (budgetMs = 60_000): Promise<RunSummary> =>
      handler({ console: stack.consoleName }, localContext(budgetMs)),
    /** A handler of its own: a second Lambda container. */
    secondContainer: () => createHandler(incidents),
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
