import type { PushClaim } from '../aws/alertClaims.ts';
import type { RegistryEntry } from '../aws/registry.ts';
import { credentialHashKey } from '../canary/endpoint.ts';
import type { EventSink, OutputRecord, SinkRecord } from '../core/ports.ts';
import type { CredentialPolicy } from '../output/shared/credentials.ts';
import { describeLogtype } from '../output/shared/logtypes.ts';
import { PUSH_HEADER, verifyPushValue } from './auth.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan, readWebhook, type Webhook, webhookTimeToIso } from './payload.ts';
import type { PerConsoleRateLimit } from './rateLimit.ts';
import { pushedRecord } from './records.ts';

/** One HTTP request to the receiver, as a Lambda function URL (or the local server) hands it over. */
export interface PushRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
  sourceIp: string;
}

export interface PushResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type PushOutcome =
  | 'delivered'
  | 'replayed'
  | 'unauthorized'
  | 'rate-limited'
  | 'too-large'
  | 'wrong-method'
  | 'invalid'
  | 'stale'
  | 'delivery-failed';

export interface ReceiverDeps {
  /** The deployment's push key (Secrets Manager, cached by the caller). */
  pushKey(): Promise<string>;
  registry: { get(name: string): Promise<RegistryEntry | undefined> };
  claims: {
    claimForPush(consoleName: string, hash: string): Promise<PushClaim>;
    pushDelivered(consoleName: string, hash: string): Promise<void>;
    pushFailed(consoleName: string, hash: string): Promise<void>;
  };
  sink: EventSink;
  /** The output format: a native record as the deployment sends it (native, OCSF or ECS). */
  format(record: OutputRecord): SinkRecord;
  credentials: CredentialPolicy;
  /** Per console, taken after authentication: an unauthenticated flood takes nothing from it. */
  rateLimit: PerConsoleRateLimit;
  limits: { maxBodyBytes: number; maxAgeSeconds: number };
  now(): number;
  /** What happened to a request, for the log line and metrics: never the body or the header. */
  observe(outcome: PushOutcome, detail: Record<string, unknown>): void;
}

const CONSOLE_PATH = /^\/([A-Za-z0-9_.-]{1,64})\/?$/;
/** A console's clock may run a little ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60_000;

const answer = (statusCode: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});
/** The same answer for every request we cannot tell from a forgery: no hint of what was wrong. */
const UNAUTHORIZED = answer(401, { error: 'unauthorized' });

/**
 * The webhook receiver's core: a console's generic webhook in, its record on the delivery stream
 * before the answer goes out. Order: authentication by the header alone (an HMAC with the cached
 * key: no I/O, the body unread), the console's own rate, its registration (registered, not paused,
 * the header's nonce still its own), method, size, nesting, schema, age; then, for an attack incident
 * only, the incident is claimed for push (alertClaims.ts), put, and marked. Every client mistake is a
 * 400 naming what was wrong; 503 means only that delivery failed.
 */
export function createReceiver(deps: ReceiverDeps): (request: PushRequest) => Promise<PushResponse> {
  return async (request) => {
    const refused = (outcome: PushOutcome, response: PushResponse, detail: Record<string, unknown> = {}) => {
      deps.observe(outcome, { sourceIp: request.sourceIp, ...detail });
      return response;
    };
    const consoleName = CONSOLE_PATH.exec(request.path)?.[1];
    const given = request.headers[PUSH_HEADER];
    if (consoleName === undefined || given === undefined || given === '' || given.length > 256)
      return refused('unauthorized', UNAUTHORIZED);
    const pushKey = await deps.pushKey();
    const nonce = verifyPushValue(pushKey, consoleName, given);
    if (nonce === false) return refused('unauthorized', UNAUTHORIZED);
    const known = { console: consoleName, sourceIp: request.sourceIp };
    if (!deps.rateLimit.take(consoleName))
      return refused(
        'rate-limited',
        answer(429, { error: 'too many requests' }, { 'retry-after': '1' }),
        known,
      );
    // removed, paused, or a header from before the last rotation: the same answer as a forgery
    const entry = await deps.registry.get(consoleName);
    if (entry === undefined || entry.paused || entry.pushNonce !== nonce)
      return refused('unauthorized', UNAUTHORIZED);

    if (request.method !== 'POST')
      return refused('wrong-method', answer(405, { error: 'POST a webhook' }, { allow: 'POST' }), known);
    const bytes = Buffer.byteLength(request.body);
    if (bytes > deps.limits.maxBodyBytes)
      return refused('too-large', answer(413, { error: `over ${deps.limits.maxBodyBytes} bytes` }), {
        ...known,
        bytes,
      });
    if (nestsDeeperThan(request.body, MAX_JSON_DEPTH))
      return refused('invalid', answer(400, { error: `nested deeper than ${MAX_JSON_DEPTH} levels` }), known);
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      return refused('invalid', answer(400, { error: 'not JSON' }), known);
    }
    const read = readWebhook(json);
    if (!read.ok)
      return refused(
        'invalid',
        answer(400, { error: 'not a Canary webhook', problems: read.problems }),
        known,
      );
    const webhook = read.webhook;
    const at = Date.parse(timeOf(webhook));
    const now = deps.now();
    if (at < now - deps.limits.maxAgeSeconds * 1000 || at > now + FUTURE_SKEW_MS)
      return refused(
        'stale',
        answer(400, {
          error: `its time is not within ${deps.limits.maxAgeSeconds} s of now (polling delivers it)`,
        }),
        known,
      );

    // Only a push that would alert claims its incident: one that would not (an operational logtype,
    // even under an attack's hash) must never keep the poll from alerting. A replay never alerts.
    const hash =
      webhook.kind === 'incident' && describeLogtype(webhook.body.LogType).category === 'attack'
        ? webhook.body.IncidentHash
        : undefined;
    const claim: PushClaim | undefined =
      hash === undefined ? undefined : await deps.claims.claimForPush(consoleName, hash);
    const record = pushedRecord(consoleName, webhook, new Date(now).toISOString(), {
      credentials: withHashKey(deps.credentials, pushKey),
      alert: claim === 'won',
    });
    try {
      await deps.sink.put([deps.format(record)]);
    } catch (error) {
      if (hash !== undefined && claim === 'won') await deps.claims.pushFailed(consoleName, hash);
      return refused(
        'delivery-failed',
        answer(503, { error: 'delivery failed: send again' }, { 'retry-after': '5' }),
        {
          ...known,
          error: error instanceof Error ? error.name : 'unknown',
        },
      );
    }
    if (hash !== undefined && claim === 'won') await deps.claims.pushDelivered(consoleName, hash);
    deps.observe(claim === 'replay' ? 'replayed' : 'delivered', {
      ...known,
      kind: webhook.kind,
      event_id: record.event_id,
      alert: record.alert,
      claim,
    });
    return answer(200, { ok: true, event_id: record.event_id, alert: record.alert });
  };
}

/**
 * `hash` mode needs a key only this deployment has: the receiver reads no console secret, so it
 * derives one from the push key (hashes in pushed records do not match the polled incident's).
 */
function withHashKey(policy: CredentialPolicy, pushKey: string): CredentialPolicy {
  if (policy.mode !== 'hash' || policy.hashKey !== undefined) return policy;
  return { mode: 'hash', hashKey: credentialHashKey({ authToken: pushKey }) };
}

function timeOf(webhook: Webhook): string {
  return webhook.kind === 'audit' ? webhook.body.payload.timestamp : webhookTimeToIso(webhook.body.Timestamp);
}
