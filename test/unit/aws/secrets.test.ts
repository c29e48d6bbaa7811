import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { SecretLoader } from '#lib/aws/secrets.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { secretsClient } from '#support/aws.ts';

const emulator = new SecretsManagerEmulator();
const server = new AwsJsonServer({ secretsmanager: (op, input) => emulator.handle(op, input) });
let now = 0;
let loader: SecretLoader;

beforeAll(async () => {
  await server.start();
  loader = new SecretLoader(secretsClient(server.url), 60_000, () => now);
});
afterAll(() => server.stop());

async function code(secretId: string): Promise<string> {
  const error = await loader.load(secretId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CollectorError);
  expect((error as Error).message).not.toContain('hunter2');
  return (error as CollectorError).code;
}

describe('SecretLoader (emulator, real SDK)', () => {
  it('loads and validates the secret, caches it, and re-reads after the TTL (rotation)', async () => {
    emulator.put('prod', JSON.stringify({ domainHash: 'ab12cd34', authToken: 'old' }));
    expect(await loader.load('prod')).toEqual({ domainHash: 'ab12cd34', authToken: 'old' });
    emulator.put('prod', JSON.stringify({ domainHash: 'ab12cd34', authToken: 'new' }));
    expect((await loader.load('prod')).authToken).toBe('old');
    now += 61_000;
    expect((await loader.load('prod')).authToken).toBe('new');
    loader.invalidate('prod');
    const reads = emulator.reads;
    await loader.load('prod');
    expect(emulator.reads).toBe(reads + 1);
  });

  it.each([
    ['missing', undefined, 'SECRET_UNAVAILABLE'],
    ['empty', '', 'SECRET_INVALID'],
    ['not-json', 'hunter2', 'SECRET_INVALID'],
    ['no-token', JSON.stringify({ domainHash: 'ab12cd34' }), 'SECRET_INVALID'],
    ['wrong-types', JSON.stringify({ domainHash: 12, authToken: 'hunter2' }), 'SECRET_INVALID'],
  ])('reports a %s secret with a stable code', async (name, value, expected) => {
    if (value !== undefined) emulator.put(name, value);
    expect(await code(name)).toBe(expected);
  });

  it('reports Secrets Manager being down as SECRET_UNAVAILABLE', async () => {
    emulator.failWith = 'InternalServiceError';
    try {
      expect(await code('down')).toBe('SECRET_UNAVAILABLE');
    } finally {
      emulator.failWith = undefined;
    }
  });
});
