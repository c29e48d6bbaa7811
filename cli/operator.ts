import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CLAIM_PREFIX } from '#lib/aws/alertClaims.ts';
import type { CheckpointItem } from '#lib/aws/checkpointStore.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { msToIso } from '#lib/canary/time.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { loggable } from '#lib/core/loggable.ts';
import { CONSOLE_NAME_PATTERN } from '#lib/model/console.ts';

export { SOURCE_NAMES } from '#lib/core/ports.ts';

import { SOURCE_NAMES } from '#lib/core/ports.ts';

export interface StatusRow {
  console: string;
  source: string;
  checkpoint: unknown;
  updatedAt: string | undefined;
  lastRunAt: string | undefined;
  lastRunOk: boolean | undefined;
  lastErrorCode: string | undefined;
  lastSuccessAt: string | undefined;
  lease: string;
  startOverride: string | undefined;
}

/** `canary-collector status`: every checkpoint item of the table, one row per console and source. */
export async function checkpointStatus(
  client: DynamoDBDocumentClient,
  table: string,
  now = Date.now(),
): Promise<StatusRow[]> {
  const rows: StatusRow[] = [];
  for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
    for (const raw of page.Items ?? []) {
      const item = raw as CheckpointItem;
      const at = item.pk.lastIndexOf('#');
      // registry entries, the fleet marker and push/poll alert claims share the table; they are not checkpoints
      if (at < 0 || item.pk.startsWith(CLAIM_PREFIX)) continue;
      const held = item.leaseOwner !== undefined && (item.leaseUntil ?? 0) >= now;
      rows.push({
        console: item.pk.slice(0, at),
        source: item.pk.slice(at + 1),
        checkpoint: loggable(item.state ?? null),
        updatedAt: item.updatedAt,
        lastRunAt: item.lastRunAt,
        lastRunOk: item.lastRunOk,
        lastErrorCode: item.lastErrorCode,
        lastSuccessAt: item.lastSuccessAt,
        lease: held
          ? `held by ${item.leaseOwner} until ${msToIso(item.leaseUntil ?? 0) ?? String(item.leaseUntil)}`
          : 'free',
        startOverride: item.startOverride,
      });
    }
  }
  return rows.sort((a, b) => `${a.console}#${a.source}`.localeCompare(`${b.console}#${b.source}`));
}

/**
 * The consoles of a deployed table, as `reset` may name them: the registered ones when the stack
 * reads a registry (every fleet deployment), else those with checkpoints. So a reset never builds a
 * key for a console the stack does not know, and never creates items for one.
 */
export async function knownConsoles(
  client: DynamoDBDocumentClient,
  table: string,
): Promise<{ from: 'registry' | 'checkpoints'; names: string[] }> {
  const registry = new ConsoleRegistry(client, table);
  if (await registry.isFleet())
    return { from: 'registry', names: (await registry.list()).map((entry) => entry.name).sort() };
  const rows = await checkpointStatus(client, table);
  return { from: 'checkpoints', names: [...new Set(rows.map((row) => row.console))].sort() };
}

/** What is wrong with a `--from` value (a date, or a date-time with a zone, not in the future), if anything. */
export function fromProblem(from: string | undefined, now = Date.now()): string | undefined {
  if (from === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(from);
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(from);
  const epoch = Date.parse(dateOnly ? `${from}T00:00:00Z` : from);
  if ((!dateOnly && !zoned) || Number.isNaN(epoch)) {
    return `--from ${from}: give a date (2026-01-01) or a date-time with a zone (2026-01-01T00:00:00Z)`;
  }
  return epoch > now ? `--from ${from} is in the future: give a past date` : undefined;
}

/**
 * `canary-collector reset`: forgets a source's checkpoint, so its next run starts over — from `from`
 * (a date or a date-time with a zone) when given, else from the configured start. Refused while a run
 * holds the lease. Records already delivered come again with the same event ids.
 */
export async function resetCheckpoint(
  client: DynamoDBDocumentClient,
  table: string,
  consoleName: string,
  source: string,
  from: string | undefined,
  now = Date.now(),
): Promise<void> {
  // the key is `<console>#<source>`: a name with ":" or "#" could reach a claim or registry item
  if (!CONSOLE_NAME_PATTERN.test(consoleName)) {
    throw new CollectorError('CONFIG_INVALID', `"${consoleName}" is not a console name`);
  }
  if (!(SOURCE_NAMES as readonly string[]).includes(source)) {
    throw new CollectorError(
      'CONFIG_INVALID',
      `unknown source "${source}": one of ${SOURCE_NAMES.join(', ')}`,
    );
  }
  const problem = fromProblem(from, now);
  if (problem !== undefined) throw new CollectorError('CONFIG_INVALID', problem);
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `${consoleName}#${source}` },
        UpdateExpression: `SET #version = if_not_exists(#version, :zero) + :one, resetAt = :at${from === undefined ? '' : ', startOverride = :from'} REMOVE #state, configFingerprint${from === undefined ? ', startOverride' : ''}`,
        ConditionExpression: 'attribute_not_exists(leaseOwner) OR leaseUntil < :now',
        ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':at': new Date(now).toISOString(),
          ':now': now,
          ...(from === undefined ? {} : { ':from': from }),
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new CollectorError(
        'CHECKPOINT_CONFLICT',
        `${consoleName}#${source} is being collected right now; try again when the run is over`,
      );
    }
    throw error;
  }
}
