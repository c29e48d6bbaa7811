import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type * as z from 'zod';
import { CliError } from './args.ts';

/**
 * A secret's JSON, checked against `schema`, for the CLI: what went wrong in one line naming the
 * secret, never its value.
 */
export async function secretJson<T>(
  client: SecretsManagerClient,
  id: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
  } catch (error) {
    throw new CliError(`could not read ${what} (${id}): ${error instanceof Error ? error.name : 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    throw new CliError(`${what} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CliError(`${what} does not hold what it should`);
  return parsed.data;
}
