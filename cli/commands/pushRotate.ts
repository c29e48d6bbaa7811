import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { ConsoleNameSchema } from '#lib/model/console.ts';
import { CliError, UsageError } from '../args.ts';
import { deployed } from './operator.ts';

/**
 * `push rotate <console>`: a new push nonce for one console, so its webhook header changes and the
 * old one is refused from now on (a leaked header, a console handed over), without rotating the
 * deployment's push key and every other console's header with it.
 */
export async function pushRotate(
  name: string,
  target: { table: string | undefined; region: string | undefined },
) {
  if (!ConsoleNameSchema.safeParse(name).success)
    throw new UsageError('push rotate needs a console name (letters, digits, . _ -)');
  if (target.table === undefined || target.table === '')
    throw new UsageError('give --table <the stack output CheckpointTableName>');
  const table = target.table;
  try {
    await deployed({ table, region: target.region }, (documents) =>
      new ConsoleRegistry(documents, table).rotatePushNonce(name),
    );
  } catch (error) {
    if (error instanceof CollectorError && error.code === 'CONSOLE_UNKNOWN')
      throw new CliError(`console "${name}" is not registered (console list shows them)`);
    throw error;
  }
  process.stdout.write(
    `${name}: push header rotated: the receiver refuses the console's current header from now on.\n` +
      `Give the console its new one: canary-collector push setup ${name} --table ${table} --url <PushUrl> --push-secret <PushSecretArn> --apply\n`,
  );
  return 0;
}
