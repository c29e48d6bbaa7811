import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { applyWebhook } from '#lib/canary/webhookSettings.ts';
import { createPushHandler } from '#lib/entrypoints/pushReceiver.ts';
import { newPushNonce } from '#lib/model/pushNonce.ts';
import { consolePushValue, PUSH_HEADER } from '#lib/push/auth.ts';
import { startPushServer } from './pushServer.ts';
import type { LocalStack } from './stack.ts';

export const LOCAL_PUSH_SECRET = 'canary-collector/push';

export interface LocalPush {
  /** The receiver's base URL; a console posts to `<url>/<console>`. */
  url: string;
  consoleUrl: string;
  header: { name: string; value: string };
  stop(): Promise<void>;
}

/**
 * The push path on the local stack: the receiver's real handler behind a local function URL, its key
 * in the Secrets Manager emulator, the console in the registry (the receiver takes registered
 * consoles only), the incidents function correlating push and poll; and, with the simulator, the
 * console's webhook pointed at the receiver through the console's own settings API.
 */
export async function startLocalPush(
  stack: LocalStack,
  options: {
    auditTrail?: boolean;
    settings?: Record<string, string>;
    /** Where the receiver listens (default: a free port on 127.0.0.1). */
    listen?: { host: string; port: number };
    /** The address the console posts to, when it is not the listen address (a tunnel's). */
    publicUrl?: string;
  } = {},
): Promise<LocalPush> {
  const key = randomBytes(32).toString('hex');
  stack.secrets.put(LOCAL_PUSH_SECRET, JSON.stringify({ key }));
  Object.assign(stack.env, {
    PUSH_SECRET_ID: LOCAL_PUSH_SECRET,
    PUSH_CORRELATION: 'true',
    ...options.settings,
  });
  stack.applyEnv();
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const entry = await new ConsoleRegistry(documents, stack.env.CHECKPOINT_TABLE as string).put(
    {
      name: stack.consoleName,
      secretId: stack.secretId,
      addedAt: new Date().toISOString(),
      pushNonce: newPushNonce(),
    },
    { replace: true },
  );
  documents.destroy();
  const server = await startPushServer(createPushHandler(), options.listen ?? {});
  const consoleUrl = `${(options.publicUrl ?? server.url).replace(/\/+$/, '')}/${stack.consoleName}`;
  const header = { name: PUSH_HEADER, value: consolePushValue(key, entry) };
  if (stack.simulator !== undefined)
    await applyWebhook(`${stack.simulator.url}/api/v1`, stack.simulator.options.authToken, {
      url: consoleUrl,
      headers: { [header.name]: header.value },
      auditTrail: options.auditTrail ?? true,
    });
  return { url: server.url, consoleUrl, header, stop: () => server.stop() };
}
