import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DispatchQueue } from '../aws/dispatchQueue.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { CollectorError } from '../core/errors.ts';
import { dueConsoles } from '../core/fleet.ts';
import type { SourceName } from '../core/ports.ts';
import { jsonText } from './collectorEnv.ts';

const SOURCE = z.enum(['incidents', 'audit-trail', 'birds', 'tokens']);
const json = <T extends z.ZodType>(name: string, schema: T) =>
  jsonText(name, `${name} is required`).pipe(schema);

const DispatcherEnv = z.object({
  CHECKPOINT_TABLE: z.string({ message: 'CHECKPOINT_TABLE is required' }).min(3),
  /** source → the URL of its run-request queue */
  DISPATCH_QUEUES: json('DISPATCH_QUEUES', z.partialRecord(SOURCE, z.url())),
  /** source → the deployment's default: enabled, interval in minutes */
  SOURCE_DEFAULTS: json(
    'SOURCE_DEFAULTS',
    z.partialRecord(
      SOURCE,
      z.strictObject({ enabled: z.boolean(), intervalMinutes: z.number().int().min(1) }),
    ),
  ),
});

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
export function createDispatcher() {
  let built:
    | {
        registry: ConsoleRegistry;
        queues: Map<SourceName, DispatchQueue>;
        defaults: z.infer<typeof DispatcherEnv>['SOURCE_DEFAULTS'];
      }
    | undefined;
  const build = () => {
    const env = DispatcherEnv.safeParse(process.env);
    if (!env.success)
      throw new CollectorError(
        'CONFIG_INVALID',
        `invalid dispatcher configuration: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    // The regional endpoint (or AWS_ENDPOINT_URL_SQS locally), not the queue URL's host: they are the same in AWS.
    const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
    return {
      registry: new ConsoleRegistry(documents, env.data.CHECKPOINT_TABLE),
      queues: new Map(
        Object.entries(env.data.DISPATCH_QUEUES).map(([source, url]) => [
          source as SourceName,
          new DispatchQueue(sqs, url as string),
        ]),
      ),
      defaults: env.data.SOURCE_DEFAULTS,
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
        : Date.now();
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
