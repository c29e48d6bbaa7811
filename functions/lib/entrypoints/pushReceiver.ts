import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AlertClaims } from '../aws/alertClaims.ts';
import { pushKeyLoader } from '../aws/pushKey.ts';
import { ConsoleRegistry } from '../aws/registry.ts';
import { deliverySink } from '../aws/sinks/deliverySink.ts';
import { CollectorError } from '../core/errors.ts';
import { loadPushEnv } from '../model/pushEnv.ts';
import { formatterFor } from '../output/format.ts';
import { PerConsoleRateLimit } from '../push/rateLimit.ts';
import { createReceiver, type PushOutcome, type PushRequest, type PushResponse } from '../push/receiver.ts';
import { RefusalTally } from '../push/refusals.ts';
import {
  type AwsClients,
  documentsClient,
  firehoseClient,
  lazyClients,
  type RootDeps,
  rootDeps,
  secretsClient,
} from './clients.ts';

/** What the receiver is built from; each has a production default. */
export type PushReceiverDeps = RootDeps<Pick<AwsClients, 'documents' | 'firehose' | 'secrets'>>;

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

/**
 * The receiver's Lambda handler: built once per container; a configuration or secret problem is a
 * 500 with a code in the log (and the console will show the webhook failing), never a stack trace.
 */
export function createPushHandler(overrides: Partial<PushReceiverDeps> = {}) {
  const deps: PushReceiverDeps = rootDeps(overrides, () =>
    lazyClients({ documents: documentsClient, firehose: firehoseClient, secrets: secretsClient }),
  );
  const { logger, metrics } = deps;
  const refusals = new RefusalTally<PushOutcome>(deps.now);
  const published = (outcome: PushOutcome, count: number) => {
    const metric = metrics.singleMetric();
    metric.addDimensions({ outcome });
    metric.addMetric('WebhookRequests', MetricUnit.Count, count);
  };
  let receive: ((request: PushRequest) => Promise<PushResponse>) | undefined;
  const build = () => {
    const env = loadPushEnv(deps.env);
    const { documents } = deps.clients;
    return createReceiver({
      pushKey: pushKeyLoader(
        deps.clients.secrets,
        env.PUSH_SECRET_ID,
        env.SECRET_TTL_SECONDS * 1000,
        deps.now,
      ),
      registry: new ConsoleRegistry(documents, env.CHECKPOINT_TABLE),
      claims: new AlertClaims(documents, env.CHECKPOINT_TABLE),
      sink: deliverySink(deps.clients.firehose, env),
      format: formatterFor(env.OUTPUT_FORMAT),
      credentials: { mode: env.OUTPUT_CREDENTIALS },
      rateLimit: new PerConsoleRateLimit(env.PUSH_RATE_PER_SECOND, env.PUSH_BURST, deps.now),
      limits: { maxBodyBytes: env.PUSH_MAX_BODY_BYTES, maxAgeSeconds: env.PUSH_MAX_AGE_SECONDS },
      now: deps.now,
      observe: (outcome, detail) => {
        const line = { outcome, ...detail };
        if (outcome === 'delivered' || outcome === 'replayed' || outcome === 'delivery-failed') {
          // a console's webhook: rare, and each one matters (PushDeliveryFailing watches the last)
          if (outcome === 'delivery-failed') logger.error('webhook not delivered', line);
          else logger.info('webhook delivered', line);
          published(outcome, 1);
        } else {
          const { log, unlogged } = refusals.note(outcome);
          if (log)
            logger.warn('webhook refused', {
              ...line,
              ...(unlogged > 0 ? { unloggedBefore: unlogged } : {}),
            });
        }
        for (const [kind, count] of refusals.due() ?? []) published(kind, count);
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
