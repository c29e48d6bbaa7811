import { hostname } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE } from '#dev/stack.ts';
import { checkpointKey } from '#lib/core/collect.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { alive } from './localState.ts';

/**
 * Leases of a local run. A local run names itself by its pid, so a later run can tell a lease
 * whose holder is gone (a forced Ctrl-C, a crash, a closed terminal) from one a live process holds:
 * the first is taken over at once instead of being waited out, the second is reported.
 */
export function localOwner(): string {
  return `canary-collector pid ${process.pid} on ${hostname()}`;
}

export interface HeldLease {
  owner: string;
  until: number;
}

export function leaseStore(dynamoUrl: string) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamoUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return {
    /** The lease on (console, source) if one is held now. */
    async held(consoleName: string, source: SourceName): Promise<HeldLease | undefined> {
      const reply = await client.send(
        new GetCommand({
          TableName: LOCAL_TABLE,
          Key: { pk: checkpointKey(consoleName, source) },
          ConsistentRead: true,
        }),
      );
      const owner = reply.Item?.leaseOwner as string | undefined;
      const until = Number(reply.Item?.leaseUntil ?? 0);
      return owner === undefined || until <= Date.now() ? undefined : { owner, until };
    },
    /** Frees a lease left by a process that is gone; conditional on it still being that one's. */
    async takeOver(consoleName: string, source: SourceName, lease: HeldLease): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: LOCAL_TABLE,
          Key: { pk: checkpointKey(consoleName, source) },
          UpdateExpression: 'SET leaseUntil = :zero REMOVE leaseOwner',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':zero': 0, ':owner': lease.owner },
        }),
      );
    },
    close: () => client.destroy(),
  };
}

/**
 * Whether the holder may still be running. This process holds the console's state lock, so no
 * other canary-collector has the store open; a lease naming a live pid on this host is still
 * respected (it may be a run that lost its lock file), any other one is left by a run that is gone.
 */
export function holderAlive(owner: string): boolean {
  const match = /^canary-collector pid (\d+) on (.+)$/.exec(owner);
  if (match === null || match[2] !== hostname()) return false;
  const pid = Number(match[1]);
  return pid !== process.pid && alive(pid);
}

export function clock(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19).concat(' UTC');
}
