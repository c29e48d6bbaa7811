import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SOURCE_NAMES } from '#lib/core/ports.ts';
import { ConsoleNameSchema } from '#lib/model/console.ts';
import { CliError, parseCommand, UsageError } from '../args.ts';
import { localConsoles, withLocalTable } from '../localState.ts';
import {
  checkpointStatus,
  fromProblem,
  knownConsoles,
  resetCheckpoint,
  type StatusRow,
} from '../operator.ts';
import { statusTable } from '../statusTable.ts';

/**
 * `status` and `reset` for the CLI: against a deployed checkpoint table through the standard AWS
 * credential chain (`--table`), or against the local state of real consoles (`--local`).
 */

type Where = { local: true } | { local: false; table: string; region: string | undefined };

function where(values: Record<string, string | boolean | undefined>): Where {
  const table = (values.table as string | undefined) ?? process.env.CHECKPOINT_TABLE;
  if (values.local === true) {
    if (values.table !== undefined) throw new UsageError('give --local or --table, not both');
    return { local: true };
  }
  if (table === undefined || table === '') {
    throw new UsageError(
      'give --local (local runs) or --table <name> (the stack output CheckpointTableName; or set CHECKPOINT_TABLE)',
    );
  }
  return { local: false, table, region: values.region as string | undefined };
}

const TABLE_OPTIONS = {
  table: { type: 'string' },
  region: { type: 'string' },
  local: { type: 'boolean' },
} as const;

export async function statusCommand(argv: string[]): Promise<number | 'help'> {
  const { values } = parseCommand(argv, {
    ...TABLE_OPTIONS,
    compact: { type: 'boolean' },
    failing: { type: 'boolean' },
    sort: { type: 'string' },
  });
  if (values.help === true) return 'help';
  const sort = (values.sort as string | undefined) ?? 'console';
  if (sort !== 'console' && sort !== 'last-success')
    throw new UsageError(`--sort is console or last-success, not "${sort}"`);
  const compact = values.compact === true || values.failing === true || values.sort !== undefined;
  const print = (rows: StatusRow[]) =>
    compact
      ? process.stdout.write(`${statusTable(rows, { sort, failing: values.failing === true })}\n`)
      : printRows(rows);
  const target = where(values);
  if (target.local) {
    const consoles = localConsoles();
    if (consoles.length === 0) {
      process.stdout.write('no local state yet: run against a real console first (canary-collector run)\n');
    }
    const rows: StatusRow[] = [];
    for (const name of consoles)
      rows.push(...(await withLocalTable(name, (client, table) => checkpointStatus(client, table))));
    if (consoles.length > 0) print(rows);
    return 0;
  }
  const rows = await deployed(target, (client) => checkpointStatus(client, target.table));
  if (rows.length === 0) process.stdout.write('no checkpoints yet: no source has run\n');
  else print(rows);
  return 0;
}

export async function resetCommand(argv: string[]): Promise<number | 'help'> {
  const { values, positionals } = parseCommand(argv, { ...TABLE_OPTIONS, from: { type: 'string' } }, 2);
  if (values.help === true) return 'help';
  const [consoleName, source] = positionals;
  if (consoleName === undefined || source === undefined) {
    throw new UsageError('give the console and the source (or "all"): reset <console> <source|all>');
  }
  if (source !== 'all' && !(SOURCE_NAMES as readonly string[]).includes(source)) {
    throw new UsageError(`unknown source "${source}": one of ${SOURCE_NAMES.join(', ')}, or all`);
  }
  const name = ConsoleNameSchema.safeParse(consoleName);
  if (!name.success) {
    throw new UsageError(`"${consoleName}" is not a console name: ${name.error.issues[0]?.message ?? ''}`);
  }
  const sources = source === 'all' ? [...SOURCE_NAMES] : [source];
  const from = values.from as string | undefined;
  // what was typed is checked before any table is opened: a bad date is the user's to fix (exit 2)
  const fromWrong = fromProblem(from);
  if (fromWrong !== undefined) throw new UsageError(fromWrong);
  const target = where(values);
  const resetAll = async (client: DynamoDBDocumentClient, table: string) => {
    for (const one of sources) await resetCheckpoint(client, table, consoleName, one, from);
  };
  // An unknown console is refused in one line (exit 2) before any item is written.
  if (target.local) {
    const known = localConsoles();
    if (!known.includes(consoleName)) {
      throw new CliError(
        `no local state for console "${consoleName}"; nothing was reset${known.length === 0 ? '' : ` (local consoles: ${known.join(', ')})`}`,
        2,
      );
    }
    await withLocalTable(consoleName, resetAll);
  } else {
    const unknown = await deployed(target, async (client) => {
      const known = await knownConsoles(client, target.table);
      if (!known.names.includes(consoleName)) return known;
      await resetAll(client, target.table);
      return undefined;
    });
    if (unknown !== undefined) {
      const what = unknown.from === 'registry' ? 'registered' : 'with checkpoints';
      throw new CliError(
        `console "${consoleName}" is not ${unknown.from === 'registry' ? 'registered' : 'known'} in table ${target.table}; nothing was reset (consoles ${what}: ${unknown.names.join(', ') || 'none'})`,
        2,
      );
    }
  }
  for (const one of sources) {
    process.stdout.write(
      `${consoleName}/${one}: checkpoint reset; the next run collects again from ${from ?? 'the configured start'}\n`,
    );
  }
  return 0;
}

function printRows(rows: StatusRow[]): void {
  for (const row of rows) {
    const lastRun =
      row.lastRunAt === undefined
        ? 'never'
        : `${row.lastRunAt} ${row.lastRunOk ? 'ok' : `FAILED ${row.lastErrorCode ?? ''}`}`;
    process.stdout.write(
      `${row.console}/${row.source}: checkpoint ${JSON.stringify(row.checkpoint)}${row.startOverride === undefined ? '' : ` (start ${row.startOverride})`}; last run ${lastRun}; last success ${row.lastSuccessAt ?? 'never'}; lease ${row.lease}\n`,
    );
  }
}

/** Runs `work` against the deployed table, with AWS setup problems told in one line with the fix. */
export async function deployed<T>(
  target: { table: string; region: string | undefined },
  work: (client: DynamoDBDocumentClient) => Promise<T>,
): Promise<T> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ maxAttempts: 2, ...(target.region === undefined ? {} : { region: target.region }) }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    return await work(client);
  } catch (error) {
    throw awsProblem(error, {
      service: 'DynamoDB',
      region: await client.config.region().catch(() => undefined),
      table: target.table,
      permissionsDoc: 'docs/operating.md',
    });
  } finally {
    client.destroy();
  }
}

/** Where an AWS failure happened, for its one line: the service, its region, the table if one. */
export interface AwsContext {
  service: 'DynamoDB' | 'Athena';
  region: string | undefined;
  /** The table asked for (DynamoDB): a missing one is named. */
  table?: string;
  /** Where the permissions the command needs are listed. */
  permissionsDoc: string;
}

/** An AWS SDK failure as one line that says what to set; other errors pass through. */
export function awsProblem(error: unknown, where: AwsContext): unknown {
  if (!(error instanceof Error)) return error;
  const name = error.name;
  const text = `${name} ${error.message} ${String((error as { code?: unknown }).code ?? '')}`;
  const region = where.region ?? 'the region';
  if (/region is missing/i.test(text)) {
    return new CliError('no AWS region: set AWS_REGION (or AWS_PROFILE with a region), or give --region');
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(text)) {
    return new CliError(
      'no AWS credentials: set AWS_PROFILE (after aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|TimeoutError|NetworkingError/.test(text)) {
    return new CliError(
      `could not reach ${where.service} in ${region}: check the network (proxy, VPN) and the region`,
    );
  }
  if (name === 'ResourceNotFoundException' && where.table !== undefined) {
    return new CliError(
      `table ${where.table} not found in ${region}: give the stack output CheckpointTableName, and --region if the stack is elsewhere`,
    );
  }
  if (/UnrecognizedClient|InvalidSignature|ExpiredToken|AccessDenied|security token/i.test(text)) {
    return new CliError(
      `AWS refused the request (${name}): sign in again or check the credentials' permissions (${where.permissionsDoc} lists them)`,
    );
  }
  return error;
}
