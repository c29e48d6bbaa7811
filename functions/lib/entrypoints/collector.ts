import { randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { AlertClaims } from '../aws/alertClaims.ts';
import { DynamoCheckpointStore } from '../aws/checkpointStore.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { SecretLoader } from '../aws/secrets.ts';
import { deliverySink } from '../aws/sinks/deliverySink.ts';
import { FIREHOSE_MAX_RECORD_BYTES } from '../aws/sinks/firehoseSink.ts';
import { TokenScrubSink } from '../aws/sinks/tokenScrubSink.ts';
import { CanaryClient } from '../canary/client.ts';
import { credentialHashKey, resolveBaseUrl } from '../canary/endpoint.ts';
import { collect, RunFailedError, type RunSummary } from '../core/collect.ts';
import { CollectorError, describeError, isCollectorError } from '../core/errors.ts';
import type { EventSink } from '../core/ports.ts';
import { emptyStats, finishStats, type RunStats } from '../core/stats.ts';
import { type CollectorConfig, type ConsoleConfig, loadConfig } from '../model/collectorEnv.ts';
import type { SourceDefinition } from '../sources/types.ts';
import {
  type AwsClients,
  documentsClient,
  firehoseClient,
  lazyClients,
  type RootDeps,
  rootDeps,
  secretsClient,
} from './clients.ts';
import { consoleLookup } from './consoleLookup.ts';
import { runReporter } from './runReport.ts';
import { type BatchResponse, isSqsEvent, processBatch, type SqsEvent } from './sqsBatch.ts';

export type { BatchResponse, SqsEvent } from './sqsBatch.ts';

/** What a collector is built from; each has a production default, so a test passes only what differs. */
export type CollectorDeps = RootDeps<Pick<AwsClients, 'documents' | 'firehose' | 'secrets'>>;

/** Lambda's context, as far as a collector reads it. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

/** One run's budget and the caller's hooks: the CLI prints progress after each page and stops on Ctrl-C. */
export interface RunOptions {
  /** How long the run may take, commit included. */
  budgetMs: number;
  /** The lease owner's name (Lambda's request id); a fresh one when absent. */
  owner?: string;
  onPage?(stats: Readonly<RunStats>): void;
  stopRequested?(): boolean;
  /** false: strictly page by page, for the latency bench's comparison (see CollectInput). */
  fetchAhead?: boolean;
}

/** A source's handler: a run summary for one `{"console"}` event, the failed messages for an SQS batch. */
export interface CollectorHandler {
  (event: SqsEvent, context: LambdaContext): Promise<BatchResponse>;
  (event: unknown, context: LambdaContext): Promise<RunSummary>;
}

export interface Collector {
  /** One run of this source for one console. */
  run(consoleName: string, options: RunOptions): Promise<RunSummary>;
  handler: CollectorHandler;
}

/** Everything built once per container. */
interface Container {
  config: CollectorConfig;
  sink: EventSink;
  secrets: SecretLoader;
  lookup: (name: string) => Promise<ConsoleConfig>;
  stores: DynamoCheckpointStore<unknown>;
  claims: AlertClaims | undefined;
}

const EventSchema = z.looseObject({ console: z.string().min(1) });

/**
 * The collector of one source: config → console → credentials → adapters → collect() → one log line
 * and EMF metrics. The handler files are one line each; this is their composition root.
 */
export function createCollector<S, T>(
  definition: SourceDefinition<S, T>,
  overrides: Partial<CollectorDeps> = {},
): Collector {
  const deps: CollectorDeps = rootDeps(overrides, () =>
    lazyClients({ documents: documentsClient, firehose: firehoseClient, secrets: secretsClient }),
  );
  let container: Container | undefined;
  const report = runReporter(deps.logger, deps.metrics, () => container?.config.CONSOLE_REGISTRY === true);

  const build = (): Container => {
    const config = loadConfig(deps.env, deps.now());
    const { documents } = deps.clients;
    return {
      config,
      sink: deliverySink(deps.clients.firehose, config),
      secrets: new SecretLoader(deps.clients.secrets, config.SECRET_TTL_SECONDS * 1000, deps.now),
      lookup: consoleLookup(config, new ConsoleRegistry(documents, config.CHECKPOINT_TABLE)),
      stores: new DynamoCheckpointStore(documents, config.CHECKPOINT_TABLE, definition.stateSchema),
      claims: config.PUSH_CORRELATION
        ? new AlertClaims(documents, config.CHECKPOINT_TABLE, deps.now, (consoleName, hash) => {
            // the documented race: a push claimed this incident and never said it delivered
            deps.logger.warn('alerting on an incident a push claimed but did not mark delivered', {
              console: consoleName,
              hash,
            });
            deps.metrics.addMetric('AlertAfterPendingPush', MetricUnit.Count, 1);
          })
        : undefined,
    };
  };

  /** A failure before or outside collect(): reported as a failed run, then thrown on. */
  const failed = (consoleName: string, started: number, error: unknown): never => {
    report(
      error instanceof RunFailedError
        ? error.summary
        : {
            console: consoleName,
            source: definition.name,
            status: 'failed',
            more: false,
            reset: false,
            checkpoint: null,
            stats: finishStats(emptyStats(), deps.now() - started),
            error: describeError(error),
          },
    );
    throw error;
  };

  async function run(consoleName: string, options: RunOptions): Promise<RunSummary> {
    const started = deps.now();
    let lookedUp: ConsoleConfig | undefined;
    try {
      container ??= build();
      const { config, sink, secrets, stores, claims } = container;
      const console = await container.lookup(consoleName);
      lookedUp = console;
      const credentials = await secrets.load(console.secretId);
      const client = new CanaryClient({
        baseUrl: resolveBaseUrl(credentials, console.allowedHosts),
        authToken: credentials.authToken,
        timeoutMs: config.HTTP_TIMEOUT_MS,
        maxRetries: config.HTTP_MAX_RETRIES,
      });
      const summary = await collect({
        console: consoleName,
        sourceName: definition.name,
        bind: (startOverride) =>
          definition.bind({
            client,
            console,
            config,
            startOverride,
            credentialHashKey: credentialHashKey(credentials),
            maxRecordBytes: FIREHOSE_MAX_RECORD_BYTES,
            ...(claims === undefined ? {} : { claims }),
          }),
        store: stores as DynamoCheckpointStore<S>,
        // whatever a console put in its objects, its own auth token is not delivered on
        sink: new TokenScrubSink(sink, credentials.authToken),
        clock: { now: deps.now },
        deadline: started + options.budgetMs,
        marginMs: config.TIME_MARGIN_MS,
        owner: options.owner ?? randomUUID(),
        leaseGraceMs: 30_000,
        ...(options.onPage === undefined ? {} : { onPage: options.onPage }),
        ...(options.stopRequested === undefined ? {} : { stopRequested: options.stopRequested }),
        ...(options.fetchAhead === undefined ? {} : { fetchAhead: options.fetchAhead }),
      });
      report(summary);
      return summary;
    } catch (error) {
      const authFailed =
        isCollectorError(error, 'CANARY_AUTH_FAILED') ||
        (error instanceof RunFailedError && error.summary.error?.code === 'CANARY_AUTH_FAILED');
      // A rotated token must take effect on the next run, not after the cache expires.
      if (authFailed && lookedUp !== undefined) container?.secrets.invalidate(lookedUp.secretId);
      return failed(consoleName, started, error);
    }
  }

  /** One `{"console": "<name>"}` event (its budget is the Lambda's remaining time). */
  async function runEvent(event: unknown, context: LambdaContext): Promise<RunSummary> {
    const parsed = EventSchema.safeParse(event);
    if (parsed.success)
      return run(parsed.data.console, {
        budgetMs: context.getRemainingTimeInMillis(),
        ...(context.awsRequestId === undefined ? {} : { owner: context.awsRequestId }),
      });
    const started = deps.now();
    try {
      // the configuration is checked first: a broken deployment says so before a broken event
      container ??= build();
      throw new CollectorError(
        'EVENT_INVALID',
        'the event must be {"console": "<name>"}, as the dispatcher\'s run requests are',
      );
    } catch (error) {
      return failed('unknown', started, error);
    }
  }

  const handler = (async (event: unknown, context: LambdaContext) =>
    isSqsEvent(event)
      ? processBatch(event, (body) => runEvent(body, context))
      : runEvent(event, context)) as CollectorHandler;
  return { run, handler };
}

/** The Lambda handler of a source (functions/<source>/handler.ts). */
export function createHandler<S, T>(
  definition: SourceDefinition<S, T>,
  overrides: Partial<CollectorDeps> = {},
): CollectorHandler {
  return createCollector(definition, overrides).handler;
}
