import { createHash } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { isLoopback, resolveBaseUrl } from '#lib/canary/endpoint.ts';
import { applyWebhook } from '#lib/canary/webhookSettings.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { CredentialsSchema } from '#lib/model/credentials.ts';
import { consolePushValue } from '#lib/push/auth.ts';
import { CliError, parseCommand, UsageError } from '../args.ts';
import { readToken } from '../consoleOptions.ts';
import { secretJson } from '../secretJson.ts';
import { deployed } from './operator.ts';
import { pushRotate } from './pushRotate.ts';

/** The header the console sends, as the console's webhook form and the API take it. */
export const PUSH_HEADER_NAME = 'X-Canary-Collector-Key';

const OPTIONS = {
  table: { type: 'string' },
  region: { type: 'string' },
  url: { type: 'string' },
  'push-secret': { type: 'string' },
  apply: { type: 'boolean' },
  'audit-trail': { type: 'boolean' },
  'token-file': { type: 'string' },
} as const;

/**
 * `push setup <console>`: the exact webhook configuration of one console (the receiver's URL for it
 * and the header carrying its key), printed; with --apply, set on the console through its API.
 */
export async function pushCommand(argv: string[]): Promise<number | 'help'> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 2);
  if (values.help === true) return 'help';
  const [action, name] = positionals;
  const text = (key: string) => values[key] as string | undefined;
  if (action === 'rotate') {
    if (name === undefined) throw new UsageError('push rotate needs the console’s name');
    return pushRotate(name, { table: text('table') ?? process.env.CHECKPOINT_TABLE, region: text('region') });
  }
  if (action !== 'setup') throw new UsageError('give an action: setup or rotate');
  if (name === undefined) throw new UsageError('push setup needs the console’s name');
  const table = text('table') ?? process.env.CHECKPOINT_TABLE;
  const receiver = text('url');
  const pushSecret = text('push-secret');
  if (table === undefined || table === '')
    throw new UsageError('give --table <the stack output CheckpointTableName>');
  if (receiver === undefined || !/^https?:\/\/[^/]+/.test(receiver))
    throw new UsageError('give --url <the stack output PushUrl>');
  if (!isHttpsOrLoopback(receiver))
    throw new UsageError('--url must be https:// (the stack output PushUrl); plain http only on loopback');
  if (pushSecret === undefined) throw new UsageError('give --push-secret <the stack output PushSecretArn>');
  if (values['token-file'] !== undefined && values.apply !== true)
    throw new UsageError('--token-file is the key --apply uses: give --apply too');
  const region = text('region');
  const secrets = new SecretsManagerClient({ maxAttempts: 2, ...(region === undefined ? {} : { region }) });
  try {
    const entry = await deployed({ table, region }, (documents) =>
      new ConsoleRegistry(documents, table).get(name),
    );
    if (entry === undefined)
      throw new CliError(`console "${name}" is not registered (console list shows them)`);
    const key = await secretJson(
      secrets,
      pushSecret,
      z.object({ key: z.string().min(32) }),
      'the push secret',
    );
    const url = `${receiver.replace(/\/+$/, '')}/${name}`;
    const value = consolePushValue(key.key, entry);
    // with --apply the value goes to the console only: the screen (and a pasted log of it) gets a fingerprint
    const shown =
      values.apply === true ? `(set on the console; SHA-256 fingerprint ${fingerprint(value)})` : value;
    process.stdout.write(
      `${name}: the console's generic webhook\n  URL:     ${url}\n  Header:  ${PUSH_HEADER_NAME}: ${shown}\n`,
    );
    if (values.apply !== true) {
      process.stdout.write(
        'Add it in the console (Settings → Webhooks → Generic, with the header), or run this again with --apply.\n',
      );
      return 0;
    }
    const stored = await secretJson(secrets, entry.secretId, CredentialsSchema, `console ${name}'s secret`);
    const token = text('token-file') === undefined ? stored.authToken : readToken(text('token-file'));
    const result = await applyWebhook(resolveBaseUrl(stored, entry.allowedHosts), token, {
      url,
      headers: { [PUSH_HEADER_NAME]: value },
      auditTrail: values['audit-trail'] === true,
    });
    process.stdout.write(
      `${name}: applied${result.replaced ? ' (the webhook at this URL was replaced)' : ''}: the console posts new incidents${values['audit-trail'] === true ? ' and audit-trail entries' : ''} to the receiver, and sent its test webhook\n`,
    );
    return 0;
  } catch (error) {
    // a redirect is one line: where it pointed, and that nothing followed it (the advice is for collectors)
    if (
      error instanceof CollectorError &&
      (error.code === 'CONFIG_INVALID' || error.code === 'CANARY_REDIRECT')
    )
      throw new CliError(error.message);
    throw error;
  } finally {
    secrets.destroy();
  }
}

/** The receiver's address: https, or plain http on loopback only (a local receiver). */
function isHttpsOrLoopback(receiver: string): boolean {
  try {
    const url = new URL(receiver);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname.toLowerCase()));
  } catch {
    return false;
  }
}

/** The first 8 hex digits of the value's SHA-256: enough to tell two values apart, nothing to post with. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}
