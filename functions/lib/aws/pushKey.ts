import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import { jsonText } from '../model/env.ts';

const PushSecretSchema = jsonText('the push secret').pipe(z.object({ key: z.string().min(32) }));

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
    const parsed = PushSecretSchema.safeParse(text ?? '');
    if (!parsed.success)
      throw new CollectorError(
        'SECRET_INVALID',
        'the push secret is not {"key": "<at least 32 characters>"}',
      );
    cached = { key: parsed.data.key, until: now() + ttlMs };
    return parsed.data.key;
  };
}
