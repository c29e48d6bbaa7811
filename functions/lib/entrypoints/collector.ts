import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AlertClaims } from '../aws/alertClaims.ts';
import { DynamoCheckpointStore } from '../aws/checkpointStore.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { SecretLoader } from '../aws/secrets.ts';
import { deliverySink } from '../aws/sinks/deliverySink.ts';
import { CanaryClient } from '../canary/client.ts';
import { credentialHashKey, resolveBaseUrl } from '../canary/endpoint.ts';
import { collect, RunFailedError, type RunSummary } from '../core/collect.ts';
import { CollectorError, describeError, isCollectorError } from '../core/errors.ts';
import type { EventSink } from '../core/ports.ts';
import { emptyStats, finishStats, type RunStats } from '../core/stats.ts';
import type { SourceDefinition } from '../sources/types.ts';
import { type CollectorConfig, type ConsoleConfig, findConsole, loadConfig } from './collectorEnv.ts';

const EventSchema = z.looseObject({ console: z.string().min(1) });

export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
  /** Local runs only (Lambda's context has neither): progress after each page, and Ctrl-C. */
  onPage?(stats: Readonly<RunStats>): void;
  stopRequested?(): boolean;
}

/** Everything built once per container: config, SDK clients, logger, metrics, the secret cache. */
interface Container {
  config: CollectorConfig;
  documents: DynamoDBDocumentClient;
  sink: EventSink;
  secrets: SecretLoader;
  /** A console's settings: from CONSOLES, or from the registry for a fleet. */
  lookup: (name: string) => Promise<ConsoleConfig>;
}

export interface SqsEvent {
  Records: Array<{ messageId: string; body: string; eventSource: 'aws:sqs' }>;
}
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}
/** A source's handler: a run summary for a schedule's event, the failed messages for an SQS batch. */
export interface CollectorHandler {
  (event: SqsEvent, context: InvocationContext): Promise<BatchResponse>;
  (event: unknown, context: InvocationContext): Promise<RunSummary>;
}

/** An SQS batch (a fleet's run requests): one `{"console": "<name>"}` per message. */
const SqsEventSchema = z.object({
  Records: z
    .array(z.object({ messageId: z.string(), body: z.string(), eventSource: z.literal('aws:sqs') }))
    .min(1),
});

/**
 * Builds a Lambda handler for one source. The handler files are one line each; this is the wiring:
 * config → credentials → adapters → collect() → one stats line and EMF metrics.
 */
export function createHandler<S, T>(definition: SourceDefinition<S, T>) {
  const logger = new Logger({ serviceName: 'canary-collector' });
  const metrics = new Metrics({ namespace: 'CanaryCollector', serviceName: 'canary-collector' });
  let container: Container | undefined;

  const build = (): Container => {
    const config = loadConfig(process.env);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const sink = deliverySink(new FirehoseClient({}), config);
    const secrets = new SecretLoader(new SecretsManagerClient({}), config.SECRET_TTL_SECONDS * 1000);
    const registry = new ConsoleRegistry(documents, config.CHECKPOINT_TABLE);
    const lookup = async (name: string): Promise<ConsoleConfig> => {
      if (config.CONSOLE_REGISTRY !== 'true') return findConsole(config, name);
      const entry = await registry.get(name);
      if (entry === undefined)
        throw new CollectorError('CONSOLE_UNKNOWN', `console "${name}" is not in the console registry`);
      const { secretId, incidentsFrom, auditFrom, allowedHosts } = entry;
      return {
        name,
        secretId,
        allowedHosts,
        ...(incidentsFrom === undefined ? {} : { incidentsFrom }),
        ...(auditFrom === undefined ? {} : { auditFrom }),
      };
    };
    return { config, documents, sink, secrets, lookup };
  };

  const report = (summary: RunSummary) => {
    if (summary.status === 'failed') logger.error('run failed', { ...summary });
    else
      logger.info(
        summary.status === 'skipped' ? 'run skipped: another run holds the lease' : 'run finished',
        { ...summary },
      );
    // A fleet publishes its metrics per source, and per console only what is bad news (a failed run,
    // a growing backlog): a custom metric costs $0.30 a month for every hour it is published, so a
    // thousand consoles times eight metrics would cost more than everything else the collector uses.
    const fleet = container?.config.CONSOLE_REGISTRY === 'true';
    metrics.addDimensions(
      fleet ? { source: summary.source } : { console: summary.console, source: summary.source },
    );
    if (fleet && (summary.status === 'failed' || summary.more)) {
      const perConsole = metrics.singleMetric();
      perConsole.addDimensions({ console: summary.console, source: summary.source });
      perConsole.addMetric(
        summary.status === 'failed' ? 'RunFailed' : 'BacklogRemaining',
        MetricUnit.Count,
        1,
      );
    }
    metrics.addMetric(
      summary.status === 'failed'
        ? 'RunFailed'
        : summary.status === 'skipped'
          ? 'RunSkipped'
          : 'RunSucceeded',
      MetricUnit.Count,
      1,
    );
    metrics.addMetric('RecordsSent', MetricUnit.Count, summary.stats.recordsSent);
    metrics.addMetric('ObjectsReceived', MetricUnit.Count, summary.stats.received);
    metrics.addMetric('DuplicatesFiltered', MetricUnit.Count, summary.stats.duplicates);
    metrics.addMetric('CanaryRequests', MetricUnit.Count, summary.stats.requests);
    metrics.addMetric('RunDuration', MetricUnit.Milliseconds, summary.stats.elapsedMs);
    metrics.addMetric('BacklogRemaining', MetricUnit.Count, summary.more ? 1 : 0);
    metrics.publishStoredMetrics();
  };

  /**
   * One run per event: a schedule's `{"console": "<name>"}`, or an SQS batch of them (a fleet), where
   * each console runs on its own and only the failed ones are reported back for SQS to retry.
   */
  async function handler(event: unknown, context: InvocationContext): Promise<RunSummary | BatchResponse> {
    const batch = SqsEventSchema.safeParse(event);
    if (!batch.success) return runOne(event, context);
    const batchItemFailures: Array<{ itemIdentifier: string }> = [];
    for (const record of batch.data.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = record.body;
      }
      try {
        await runOne(body, context);
      } catch {
        // reported by runOne's own log line and metrics; SQS retries it, then its dead-letter queue
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }
  return handler as CollectorHandler;

  async function runOne(event: unknown, context: InvocationContext): Promise<RunSummary> {
    const started = Date.now();
    const parsedEvent = EventSchema.safeParse(event);
    const consoleName = parsedEvent.success ? parsedEvent.data.console : 'unknown';
    let lookedUp: ConsoleConfig | undefined;
    try {
      container ??= build();
      if (!parsedEvent.success)
        throw new CollectorError(
          'EVENT_INVALID',
          'the event must be {"console": "<name>"} (set it as the schedule input)',
        );
      const { config, documents, sink, secrets } = container;
      const consoleConfig = await container.lookup(consoleName);
      lookedUp = consoleConfig;
      const credentials = await secrets.load(consoleConfig.secretId);
      const client = new CanaryClient({
        baseUrl: resolveBaseUrl(credentials, consoleConfig.allowedHosts),
        authToken: credentials.authToken,
        timeoutMs: config.HTTP_TIMEOUT_MS,
        maxRetries: config.HTTP_MAX_RETRIES,
      });
      const summary = await collect({
        console: consoleName,
        sourceName: definition.name,
        bind: (startOverride) =>
          definition.bind(
            client,
            consoleConfig,
            config,
            startOverride,
            credentialHashKey(credentials),
            config.PUSH_CORRELATION === 'true'
              ? { claims: new AlertClaims(documents, config.CHECKPOINT_TABLE) }
              : {},
          ),
        store: new DynamoCheckpointStore(documents, config.CHECKPOINT_TABLE, definition.stateSchema),

        sink,
        clock: { now: Date.now },
        deadline: started + context.getRemainingTimeInMillis(),
        marginMs: config.TIME_MARGIN_MS,
        owner: context.awsRequestId ?? randomUUID(),
        leaseGraceMs: 30_000,
        ...(context.onPage === undefined ? {} : { onPage: (stats) => context.onPage?.(stats) }),
        ...(context.stopRequested === undefined
          ? {}
          : { stopRequested: () => context.stopRequested?.() === true }),
      });
      report(summary);
      return summary;
    } catch (error) {
      if (
        isCollectorError(error, 'CANARY_AUTH_FAILED') ||
        (error instanceof RunFailedError && error.summary.error?.code === 'CANARY_AUTH_FAILED')
      ) {
        // A rotated token must take effect on the next run, not after the cache expires.
        if (lookedUp !== undefined) container?.secrets.invalidate(lookedUp.secretId);
      }
      if (error instanceof RunFailedError) {
        report(error.summary);
        throw error;
      }
      report({
        console: consoleName,
        source: definition.name,
        status: 'failed',
        more: false,
        reset: false,
        checkpoint: null,
        stats: finishStats(emptyStats(), Date.now() - started),
        error: describeError(error),
      });
      throw error;
    }
  }
}
