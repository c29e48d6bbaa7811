import * as z from 'zod';
import { DispatchQueue } from '../aws/dispatchQueue.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { dueConsoles } from '../core/fleet.ts';
import type { SourceName } from '../core/ports.ts';
import { type DispatcherEnv, loadDispatcherEnv } from '../model/dispatcherEnv.ts';
import { type AwsClients, documentsClient, lazyClients, sqsClient } from './clients.ts';

/** The schedule's input: EventBridge Scheduler fills `scheduledTime`, so a retried dispatch keeps its minute. */
const DispatchEvent = z.looseObject({ scheduledTime: z.iso.datetime({ offset: true }).optional() });

export interface DispatchSummary {
  minute: string;
  consoles: number;
  dispatched: Partial<Record<SourceName, number>>;
}

/**
 * The fleet dispatcher, run every minute: reads the registry once, and puts one run request
 * (`{"console": "<name>"}`) on each source's queue for every console due this minute. Each source's
 * function takes its queue with a bounded concurrency, one console per message, so one console's
 * failure or slowness never holds up another's.
 */
/** What the dispatcher is built from; each has a production default. */
export interface DispatcherDeps {
  env: Record<string, string | undefined>;
  clients: Pick<AwsClients, 'documents' | 'sqs'>;
  now: () => number;
}

export function createDispatcher(overrides: Partial<DispatcherDeps> = {}) {
  const deps: DispatcherDeps = {
    env: process.env,
    now: Date.now,
    ...overrides,
    clients: overrides.clients ?? lazyClients({ documents: documentsClient, sqs: sqsClient }),
  };
  let built:
    | {
        registry: ConsoleRegistry;
        queues: Map<SourceName, DispatchQueue>;
        defaults: DispatcherEnv['SOURCE_DEFAULTS'];
      }
    | undefined;
  const build = () => {
    const env = loadDispatcherEnv(deps.env);
    return {
      registry: new ConsoleRegistry(deps.clients.documents, env.CHECKPOINT_TABLE),
      queues: new Map(
        Object.entries(env.DISPATCH_QUEUES).map(([source, url]) => [
          source as SourceName,
          new DispatchQueue(deps.clients.sqs, url as string),
        ]),
      ),
      defaults: env.SOURCE_DEFAULTS,
    };
  };

  return async function dispatch(event: unknown): Promise<DispatchSummary> {
    if (built === undefined) {
      built = build();
      // The table now belongs to a collector that reads the registry: the CLI may add consoles to it.
      await built.registry.markFleet();
    }
    const parsed = DispatchEvent.safeParse(event ?? {});
    const at =
      parsed.success && parsed.data.scheduledTime !== undefined
        ? Date.parse(parsed.data.scheduledTime)
        : deps.now();
    const minute = Math.floor(at / 60_000);
    const members = await built.registry.list();
    const dispatched: DispatchSummary['dispatched'] = {};
    for (const [source, queue] of built.queues) {
      const defaults = built.defaults[source] ?? { enabled: false, intervalMinutes: 60 };
      const due = dueConsoles(members, source, defaults, minute);
      if (due.length > 0) await queue.send(due.map((name) => JSON.stringify({ console: name })));
      dispatched[source] = due.length;
    }
    return { minute: new Date(minute * 60_000).toISOString(), consoles: members.length, dispatched };
  };
}
