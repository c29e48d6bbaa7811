import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AlertClaims } from '../aws/alertClaims.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { deliverySink } from '../aws/sinks/deliverySink.ts';
import { CollectorError } from '../core/errors.ts';
import type { OutputRecord, SinkRecord } from '../core/ports.ts';
import { toEcs } from '../output/ecs/index.ts';
import { toOcsf } from '../output/ocsf/index.ts';
import { RateLimit } from '../push/rateLimit.ts';
import { createReceiver, type PushRequest, type PushResponse } from '../push/receiver.ts';
import { deliveryProblems, EnvSchema, intIn, jsonText } from './collectorEnv.ts';

/**
 * The receiver's environment (the stack sets it; docs/configuration.md lists it): the collectors'
 * table, delivery and output variables, as they define them, and its own.
 */
export const PushEnvSchema = EnvSchema.pick({
  CHECKPOINT_TABLE: true,
  DELIVERY_STREAM: true,
  DELIVERY_STREAMS: true,
  OUTPUT_FORMAT: true,
  OUTPUT_ENVELOPE: true,
  OUTPUT_CREDENTIALS: true,
  SECRET_TTL_SECONDS: true,
}).extend({
  /** The secret holding {"key": "<push key>"}. */
  PUSH_SECRET_ID: z.string({ message: 'PUSH_SECRET_ID is required' }).min(1),
  PUSH_MAX_BODY_BYTES: intIn('PUSH_MAX_BODY_BYTES', 1024, 1_000_000, 262_144),
  PUSH_MAX_AGE_SECONDS: intIn('PUSH_MAX_AGE_SECONDS', 60, 86_400, 3600),
  PUSH_RATE_PER_SECOND: intIn('PUSH_RATE_PER_SECOND', 1, 1000, 20),
  PUSH_BURST: intIn('PUSH_BURST', 1, 10_000, 100),
});
export type PushEnv = z.infer<typeof PushEnvSchema>;

export function loadPushEnv(env: Record<string, string | undefined>): PushEnv {
  const parsed = PushEnvSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...deliveryProblems(env, parsed.success ? parsed.data : undefined),
  ];
  if (!parsed.success || problems.length > 0)
    throw new CollectorError('CONFIG_INVALID', `invalid push receiver configuration: ${problems.join('; ')}`);
  return parsed.data;
}

/** A Lambda function URL request (payload format 2.0), as far as the receiver reads it. */
export interface FunctionUrlEvent {
  rawPath?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string; sourceIp?: string } };
}

export function requestOf(event: FunctionUrlEvent): PushRequest {
  const body = event.body ?? '';
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? '/',
    headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: event.isBase64Encoded === true ? Buffer.from(body, 'base64').toString('utf8') : body,
    sourceIp: event.requestContext?.http?.sourceIp ?? 'unknown',
  };
}

/** The push key, read once per TTL; never logged, never in an error message. */
export function pushKeyLoader(client: SecretsManagerClient, secretId: string, ttlMs: number, now = Date.now) {
  let cached: { key: string; until: number } | undefined;
  return async (): Promise<string> => {
    if (cached !== undefined && cached.until > now()) return cached.key;
    let text: string | undefined;
    try {
      text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      throw new CollectorError(
        'SECRET_UNAVAILABLE',
        `could not read the push secret: ${error instanceof Error ? error.name : 'Error'}`,
      );
    }
    const parsed = jsonText('the push secret')
      .pipe(z.object({ key: z.string().min(32) }))
      .safeParse(text ?? '');
    if (!parsed.success)
      throw new CollectorError(
        'SECRET_INVALID',
        'the push secret is not {"key": "<at least 32 characters>"}',
      );
    cached = { key: parsed.data.key, until: now() + ttlMs };
    return parsed.data.key;
  };
}

const formatFor =
  (format: PushEnv['OUTPUT_FORMAT']) =>
  (record: OutputRecord): SinkRecord =>
    format === 'ocsf' ? toOcsf(record) : format === 'ecs' ? toEcs(record) : record;

/**
 * The receiver's Lambda handler: built once per container; a configuration or secret problem is a
 * 500 with a code in the log (and the console will show the webhook failing), never a stack trace.
 */
export function createPushHandler() {
  const logger = new Logger({ serviceName: 'canary-collector' });
  const metrics = new Metrics({ namespace: 'CanaryCollector', serviceName: 'canary-collector' });
  let receive: ((request: PushRequest) => Promise<PushResponse>) | undefined;
  const build = () => {
    const env = loadPushEnv(process.env);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    return createReceiver({
      pushKey: pushKeyLoader(new SecretsManagerClient({}), env.PUSH_SECRET_ID, env.SECRET_TTL_SECONDS * 1000),
      registry: new ConsoleRegistry(documents, env.CHECKPOINT_TABLE),
      claims: new AlertClaims(documents, env.CHECKPOINT_TABLE),
      sink: deliverySink(new FirehoseClient({}), env),
      format: formatFor(env.OUTPUT_FORMAT),
      credentials: { mode: env.OUTPUT_CREDENTIALS },
      rateLimit: new RateLimit(env.PUSH_RATE_PER_SECOND, env.PUSH_BURST),
      limits: { maxBodyBytes: env.PUSH_MAX_BODY_BYTES, maxAgeSeconds: env.PUSH_MAX_AGE_SECONDS },
      now: Date.now,
      observe: (outcome, detail) => {
        const line = { outcome, ...detail };
        if (outcome === 'delivered' || outcome === 'replayed') logger.info('webhook delivered', line);
        else logger.warn('webhook refused', line);
        metrics.addDimensions({ outcome });
        metrics.addMetric('WebhookRequests', MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      },
    });
  };
  return async function handler(event: FunctionUrlEvent): Promise<PushResponse> {
    try {
      receive ??= build();
      return await receive(requestOf(event));
    } catch (error) {
      const code = error instanceof CollectorError ? error.code : 'INTERNAL';
      logger.error('webhook failed', { code, error: error instanceof Error ? error.name : 'unknown' });
      return {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: code }),
      };
    }
  };
}
