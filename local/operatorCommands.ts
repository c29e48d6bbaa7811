import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CollectorError } from '../functions/lib/core/errors.ts';
import { checkpointStatus, resetCheckpoint } from './operator.ts';

/** `status` and `reset` for the CLI: against a deployed checkpoint table, through the standard AWS credential chain. */

function tableName(table: string | undefined): string {
  const name = table ?? process.env.CHECKPOINT_TABLE;
  if (name === undefined || name === '') {
    throw new CollectorError(
      'CONFIG_INVALID',
      'give --table <name> (the stack output CheckpointTableName) or set CHECKPOINT_TABLE',
    );
  }
  return name;
}

export async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { table: { type: 'string' } } });
  const rows = await checkpointStatus(operatorClient(), tableName(values.table));
  if (rows.length === 0) process.stdout.write('no checkpoints yet: no source has run\n');
  for (const row of rows) {
    const lastRun =
      row.lastRunAt === undefined
        ? 'never'
        : `${row.lastRunAt} ${row.lastRunOk ? 'ok' : `FAILED ${row.lastErrorCode ?? ''}`}`;
    process.stdout.write(
      `${row.console}/${row.source}: checkpoint ${JSON.stringify(row.checkpoint)}${row.startOverride === undefined ? '' : ` (start ${row.startOverride})`}; last run ${lastRun}; last success ${row.lastSuccessAt ?? 'never'}; lease ${row.lease}\n`,
    );
  }
  return 0;
}

export async function resetCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { table: { type: 'string' }, from: { type: 'string' } },
  });
  const [consoleName, source] = positionals;
  if (consoleName === undefined || source === undefined) {
    process.stdout.write(
      'usage: canary-collector reset <console> <source> [--from <date>] [--table <name>]\n',
    );
    return 2;
  }
  await resetCheckpoint(operatorClient(), tableName(values.table), consoleName, source, values.from);
  process.stdout.write(
    `${consoleName}/${source}: checkpoint reset; the next run collects again from ${values.from ?? 'the configured start'}\n`,
  );
  return 0;
}

/** Operator commands use the standard AWS credential chain and region, like the AWS CLI. */
function operatorClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
