import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CollectorError } from '../core/errors.ts';
import { type Credentials, CredentialsSchema } from '../model/credentials.ts';
import { issueLines } from '../model/issues.ts';

/**
 * Console credentials from Secrets Manager, validated and cached per container for `ttlMs`, so a
 * rotated token takes effect within the TTL (or at once after `invalidate`, on an auth failure).
 * Neither the secret value nor any part of it is ever put into a message.
 */
export class SecretLoader {
  private readonly client: SecretsManagerClient;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { value: Credentials; expires: number }>();
  fetches = 0;

  constructor(client: SecretsManagerClient, ttlMs: number, now: () => number = Date.now) {
    this.client = client;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  async load(secretId: string): Promise<Credentials> {
    const cached = this.cache.get(secretId);
    if (cached !== undefined && cached.expires > this.now()) return cached.value;
    let text: string | undefined;
    try {
      this.fetches++;
      const reply = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      text = reply.SecretString;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new CollectorError('SECRET_UNAVAILABLE', `could not read secret ${secretId}: ${name}`, {
        retryable: true,
        cause: error,
      });
    }
    if (text === undefined || text.trim() === '') {
      throw new CollectorError(
        'SECRET_INVALID',
        `secret ${secretId} has no value yet: put {"domainHash": "...", "authToken": "..."} into it`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CollectorError(
        'SECRET_INVALID',
        `secret ${secretId} is not JSON: expected {"domainHash": "...", "authToken": "..."}`,
      );
    }
    const parsed = CredentialsSchema.safeParse(json);
    if (!parsed.success) {
      throw new CollectorError(
        'SECRET_INVALID',
        `secret ${secretId} is not valid: ${issueLines(parsed.error).join('; ')}`,
      );
    }
    this.cache.set(secretId, { value: parsed.data, expires: this.now() + this.ttlMs });
    return parsed.data;
  }

  invalidate(secretId: string): void {
    this.cache.delete(secretId);
  }
}
