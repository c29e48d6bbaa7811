import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import type { CheckpointStore, Lease, RunOutcome } from '../core/ports.ts';

/** What one checkpoint item holds; `status` and the CLI read it too. */
export interface CheckpointItem {
  pk: string;
  state?: unknown;
  version?: number;
  configFingerprint?: string;
  /** Set by `canary-collector reset --from`: the start the source honours instead of the configured one. */
  startOverride?: string;
  leaseOwner?: string;
  leaseUntil?: number;
  updatedAt?: string;
  lastRunAt?: string;
  lastRunOk?: boolean;
  lastErrorCode?: string;
  lastSuccessAt?: string;
}

/**
 * Checkpoints in DynamoDB, one item per console and source, with a lease. Single-item conditional
 * writes only: the lease is taken with a condition on its expiry, and every commit is conditional on
 * owning the lease and on the version read, so two overlapping runs can never both move the state.
 */
export class DynamoCheckpointStore<S> implements CheckpointStore<S> {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly stateSchema: z.ZodType<S>;
  private readonly now: () => number;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    stateSchema: z.ZodType<S>,
    now: () => number = Date.now,
  ) {
    this.client = client;
    this.tableName = tableName;
    this.stateSchema = stateSchema;
    this.now = now;
  }

  async acquire(key: string, owner: string, leaseUntil: number): Promise<Lease<S> | null> {
    let item: CheckpointItem;
    try {
      const reply = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression:
            'SET leaseOwner = :owner, leaseUntil = :until, #version = if_not_exists(#version, :zero) + :one',
          ConditionExpression:
            'attribute_not_exists(pk) OR attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':until': leaseUntil,
            ':now': this.now(),
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      item = reply.Attributes as CheckpointItem;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw unavailable('take the lease on', key, error);
    }
    const stored = item.state === undefined ? undefined : this.stateSchema.safeParse(item.state);
    return {
      key,
      owner,
      version: item.version ?? 1,
      fingerprint: item.configFingerprint,
      startOverride: item.startOverride,
      state: stored?.success ? stored.data : null,
    };
  }

  async commit(lease: Lease<S>, state: S, leaseUntil: number): Promise<Lease<S>> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: lease.key },
          UpdateExpression:
            'SET #state = :state, #version = :next, configFingerprint = :fp, updatedAt = :at, leaseUntil = :until',
          ConditionExpression: 'leaseOwner = :owner AND #version = :version',
          ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
          ExpressionAttributeValues: {
            ':state': state,
            ':next': lease.version + 1,
            ':version': lease.version,
            ':fp': lease.fingerprint,
            ':at': new Date(this.now()).toISOString(),
            ':until': leaseUntil,
            ':owner': lease.owner,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new CollectorError(
          'CHECKPOINT_CONFLICT',
          `the checkpoint ${lease.key} was changed by another run; this run stops without committing`,
        );
      }
      throw unavailable('commit', lease.key, error);
    }
    return { ...lease, version: lease.version + 1, state };
  }

  async release(lease: Lease<S>, outcome: RunOutcome): Promise<void> {
    const at = new Date(outcome.at).toISOString();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: lease.key },
          UpdateExpression: `SET leaseUntil = :zero, lastRunAt = :at, lastRunOk = :ok${outcome.ok ? ', lastSuccessAt = :at' : ''}${outcome.errorCode === undefined ? ' REMOVE leaseOwner, lastErrorCode' : ', lastErrorCode = :code REMOVE leaseOwner'}`,
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: {
            ':zero': 0,
            ':at': at,
            ':ok': outcome.ok,
            ':owner': lease.owner,
            ...(outcome.errorCode === undefined ? {} : { ':code': outcome.errorCode }),
          },
        }),
      );
    } catch (error) {
      throw unavailable('release', lease.key, error);
    }
  }

  /** The raw item, for `status`; undefined if the source never ran. */
  async read(key: string): Promise<CheckpointItem | undefined> {
    const reply = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key }, ConsistentRead: true }),
    );
    return reply.Item as CheckpointItem | undefined;
  }
}

function unavailable(what: string, key: string, error: unknown): CollectorError {
  const name = error instanceof Error ? error.name : 'Error';
  return new CollectorError('CHECKPOINT_UNAVAILABLE', `could not ${what} checkpoint ${key}: ${name}`, {
    cause: error,
  });
}
