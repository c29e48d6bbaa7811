import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FIREHOSE_CLIENT_CONFIG } from '../aws/sinks/firehoseProtocol.ts';

/**
 * The AWS SDK clients the functions use. In Lambda each root builds those it needs once per
 * container with the defaults below; a test or the local stack hands a root its own (the local
 * stack's reach the emulators through the standard AWS_ENDPOINT_URL_* variables, so they are built
 * the same way).
 */
export interface AwsClients {
  documents: DynamoDBDocumentClient;
  firehose: FirehoseClient;
  secrets: SecretsManagerClient;
  sqs: SQSClient;
}

export function documentsClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(withoutLogFilter(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function firehoseClient(): FirehoseClient {
  return withoutLogFilter(new FirehoseClient(FIREHOSE_CLIENT_CONFIG));
}

export function secretsClient(): SecretsManagerClient {
  return withoutLogFilter(new SecretsManagerClient({}));
}

export function sqsClient(): SQSClient {
  // The regional endpoint (or AWS_ENDPOINT_URL_SQS locally), not the queue URL's host: they are the same in AWS.
  return withoutLogFilter(new SQSClient({ useQueueUrlAsEndpoint: false }));
}

/**
 * The SDK's logger middleware builds a copy of every request and reply, with sensitive members
 * hidden, for its logger, before the logger (the SDK's default, which logs nothing; no client here
 * is given another) drops it: for each PutRecordBatch, a walk of 500 records and 500 replies for
 * nothing. The functions log their own summaries, never the SDK's.
 */
export function withoutLogFilter<T extends { middlewareStack: { remove(name: string): boolean } }>(
  client: T,
): T {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * The clients a root names, each built on first use. Each root passes only the builders it needs,
 * so a bundle holds only the SDK clients its function uses (an unused client is ~30 KB of bundle
 * and of cold start).
 */
export function lazyClients<K extends keyof AwsClients>(
  builders: { [P in K]: () => AwsClients[P] },
): Pick<AwsClients, K> {
  const built: Partial<Pick<AwsClients, K>> = {};
  const clients = {} as Pick<AwsClients, K>;
  for (const name of Object.keys(builders) as K[]) {
    Object.defineProperty(clients, name, {
      enumerable: true,
      get: () => {
        built[name] ??= builders[name]();
        return built[name];
      },
    });
  }
  return clients;
}

/** What a collector or the push receiver is built from; each has a production default, so a test passes only what differs. */
export interface RootDeps<C> {
  env: Record<string, string | undefined>;
  clients: C;
  now: () => number;
  logger: Logger;
  metrics: Metrics;
}

/** The production defaults under a root's overrides; clients built only when none are given. */
export function rootDeps<C>(overrides: Partial<RootDeps<C>>, clients: () => C): RootDeps<C> {
  return {
    env: overrides.env ?? process.env,
    now: overrides.now ?? Date.now,
    logger: overrides.logger ?? new Logger({ serviceName: 'canary-collector' }),
    metrics:
      overrides.metrics ?? new Metrics({ namespace: 'CanaryCollector', serviceName: 'canary-collector' }),
    clients: overrides.clients ?? clients(),
  };
}
