import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CollectorError } from '../core/errors.ts';
import { parseOrThrow } from '../model/issues.ts';
import { newPushNonce } from '../model/pushNonce.ts';
import { type RegistryEntry, type RegistryEntryInput, RegistryEntrySchema } from '../model/registryEntry.ts';
import { everyPage } from './pages.ts';

/**
 * The console registry: one item per console in the checkpoint table, so consoles are data and the
 * stack does not grow with them. Its keys, `registry:<name>`, can never meet a checkpoint's
 * (`<name>#<source>`), because a console name has no ":" in it.
 */
export const REGISTRY_PREFIX = 'registry:';

/**
 * The registry's own index: a sparse global secondary index over the items that carry
 * `kind = "console"`, the registry entries and nothing else. The dispatcher's minute read queries it,
 * so it reads the registry alone, not every checkpoint of the table beside it (a Scan read them all:
 * some 38,000 read units a minute at 10,000 consoles, near the dispatcher's timeout).
 */
export const REGISTRY_INDEX = { name: 'registry', partitionKey: 'kind', value: 'console' } as const;
/** The item a fleet deployment writes to say its functions read this registry (no console can be it). */
export const FLEET_MARKER = 'fleet-registry';

export {
  type RegistryEntry,
  type RegistryEntryInput,
  RegistryEntrySchema,
} from '../model/registryEntry.ts';

const keyOf = (name: string) => ({ pk: `${REGISTRY_PREFIX}${name}` });
const indexed = { [REGISTRY_INDEX.partitionKey]: REGISTRY_INDEX.value };

export class ConsoleRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Items a Scan reads per page (DynamoDB's own limit is 1 MB a page). */
    private readonly scanPageSize?: number,
  ) {}

  /** Whether the collector owning this table reads its consoles from the registry (a fleet deployment). */
  async isFleet(): Promise<boolean> {
    const reply = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: FLEET_MARKER }, ConsistentRead: true }),
    );
    return reply.Item !== undefined;
  }

  /** Marks the table as a fleet deployment's (the deployment does this; so do local fleet runs and tests). */
  async markFleet(): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: FLEET_MARKER, since: new Date().toISOString() },
      }),
    );
  }

  /**
   * Adds a console; refuses one already there unless `replace` (the deployment config's sync). A new
   * registration gets its own push nonce; a replacing put keeps what the caller gives.
   */
  async put(input: RegistryEntryInput, options: { replace?: boolean } = {}): Promise<RegistryEntry> {
    const entry = parse(
      options.replace === true || input.pushNonce !== undefined
        ? input
        : { ...input, pushNonce: newPushNonce() },
    );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keyOf(entry.name), ...indexed, entry },
          ...(options.replace === true ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new CollectorError('CONFIG_INVALID', `console "${entry.name}" is already registered`);
      throw error;
    }
    return entry;
  }

  async get(name: string): Promise<RegistryEntry | undefined> {
    const reply = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(name), ConsistentRead: true }),
    );
    return reply.Item === undefined ? undefined : parse((reply.Item as { entry: unknown }).entry);
  }

  /**
   * Every registered console, by name: a Query of the registry index. A table made before the index
   * (a local one kept on disk) has none, and an index being added is not readable until it is
   * filled: then the registry is read with a Scan, as it was before.
   */
  async list(): Promise<RegistryEntry[]> {
    let items: Array<Record<string, unknown>>;
    try {
      items = await this.queryIndex();
    } catch (error) {
      if (!isMissingIndex(error)) throw error;
      items = await this.scan(REGISTRY_FILTER);
    }
    return items.map((item) => parse(item.entry)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Every registered console, by name, as the table has it this instant (a strongly consistent Scan:
   * an index is only eventually so). The deploy's sync reads this: right after putting older entries
   * into the index, the index may not list them yet.
   */
  async listConsistent(): Promise<RegistryEntry[]> {
    const items = await this.scan({ ...REGISTRY_FILTER, ConsistentRead: true });
    return items.map((item) => parse(item.entry)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Puts registry entries written before the index into it (they lack its key): the deployment's
   * sync does this on every deploy, so an upgraded stack's dispatcher sees every console. Returns
   * the names it adopted.
   */
  async adoptUnindexed(): Promise<string[]> {
    const older = await this.scan({
      FilterExpression: 'begins_with(pk, :prefix) AND attribute_not_exists(#kind)',
      ExpressionAttributeNames: { '#kind': REGISTRY_INDEX.partitionKey },
      ExpressionAttributeValues: { ':prefix': REGISTRY_PREFIX },
    });
    const names: string[] = [];
    for (const item of older) {
      const pk = String(item.pk);
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk },
            UpdateExpression: 'SET #kind = :kind',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#kind': REGISTRY_INDEX.partitionKey },
            ExpressionAttributeValues: { ':kind': REGISTRY_INDEX.value },
          }),
        );
        names.push(pk.slice(REGISTRY_PREFIX.length));
      } catch (error) {
        // removed meanwhile: nothing to adopt
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return names;
  }

  /** The registry index through every page (`scanPageSize` items a page when set). */
  private queryIndex(): Promise<Array<Record<string, unknown>>> {
    return everyPage((from) =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: REGISTRY_INDEX.name,
          KeyConditionExpression: '#kind = :kind',
          ExpressionAttributeNames: { '#kind': REGISTRY_INDEX.partitionKey },
          ExpressionAttributeValues: { ':kind': REGISTRY_INDEX.value },
          ...this.pageLimit(from),
        }),
      ),
    );
  }

  /** Every item of the table, registry or not (the cost figures measure item sizes). */
  scanAll(): Promise<Array<Record<string, unknown>>> {
    return this.scan({});
  }

  /** A Scan of the table through every page (`scanPageSize` items a page when set). */
  private scan(
    filter: Pick<
      ScanCommandInput,
      'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues' | 'ConsistentRead'
    >,
  ): Promise<Array<Record<string, unknown>>> {
    return everyPage((from) =>
      this.client.send(new ScanCommand({ TableName: this.tableName, ...filter, ...this.pageLimit(from) })),
    );
  }

  private pageLimit(from: Record<string, unknown> | undefined) {
    return {
      ...(this.scanPageSize === undefined ? {} : { Limit: this.scanPageSize }),
      ...(from === undefined ? {} : { ExclusiveStartKey: from }),
    };
  }

  async setPaused(name: string, paused: boolean): Promise<void> {
    await this.ifRegistered(name, () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(name),
          UpdateExpression: 'SET entry.paused = :paused',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':paused': paused },
        }),
      ),
    );
  }

  /** Gives the console a new push nonce: its old webhook header is refused from now on. */
  async rotatePushNonce(name: string): Promise<string> {
    const nonce = newPushNonce();
    await this.ifRegistered(name, () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(name),
          UpdateExpression: 'SET entry.pushNonce = :nonce',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':nonce': nonce },
        }),
      ),
    );
    return nonce;
  }

  /** Removes the console from the registry; its checkpoints and secret are the caller's to keep or drop. */
  async remove(name: string): Promise<void> {
    await this.ifRegistered(name, () =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keyOf(name),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  private async ifRegistered(name: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new CollectorError('CONSOLE_UNKNOWN', `console "${name}" is not registered`);
      throw error;
    }
  }
}

function parse(input: unknown): RegistryEntry {
  return parseOrThrow(RegistryEntrySchema, input, 'console registry entry');
}

/** The registry's entries among every item of the table (a Scan's filter). */
const REGISTRY_FILTER = {
  FilterExpression: 'begins_with(pk, :prefix)',
  ExpressionAttributeValues: { ':prefix': REGISTRY_PREFIX },
};

/** DynamoDB's answer to a Query of an index the table does not have, or has not filled yet. */
function isMissingIndex(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /does not have the specified index|backfilling global secondary index/i.test(error.message)
  );
}
