import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { CollectorError } from '../core/errors.ts';
import {
  AllowedHostsSchema,
  AuditFromSchema,
  ConsoleNameSchema,
  IncidentsFromSchema,
} from '../model/console.ts';
import { parseOrThrow } from '../model/issues.ts';
import { newPushNonce, PushNonceSchema } from '../model/pushNonce.ts';
import { SourceNameSchema } from '../model/sources.ts';

/**
 * The console registry: one item per console in the checkpoint table, so consoles are data and the
 * stack does not grow with them. Its keys, `registry:<name>`, can never meet a checkpoint's
 * (`<name>#<source>`), because a console name has no ":" in it.
 */
export const REGISTRY_PREFIX = 'registry:';
/** The item a fleet deployment writes to say its functions read this registry (no console can be it). */
export const FLEET_MARKER = 'fleet-registry';

export const RegistryEntrySchema = z.strictObject({
  name: ConsoleNameSchema,
  /** The Secrets Manager secret ({"domainHash" | "baseUrl", "authToken"}) the functions read. */
  secretId: z.string().min(1),
  incidentsFrom: IncidentsFromSchema.optional(),
  auditFrom: AuditFromSchema.optional(),
  allowedHosts: AllowedHostsSchema.default([]),
  /** Per source: off, or another interval than the deployment's; absent means the deployment's. */
  sources: z
    .partialRecord(
      SourceNameSchema,
      z.strictObject({
        enabled: z.boolean().optional(),
        intervalMinutes: z.number().int().min(1).max(1440).optional(),
      }),
    )
    .default({}),
  paused: z.boolean().default(false),
  addedAt: z.iso.datetime(),
  /** Who owns the entry: the CLI (console add), or the deployment config's list (applied at deploy). */
  managedBy: z.enum(['cli', 'config']).default('cli'),
  /** Mixed into the console's webhook header (push/auth.ts); absent on entries older than it. */
  pushNonce: PushNonceSchema.optional(),
});

export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;
export type RegistryEntryInput = z.input<typeof RegistryEntrySchema>;

const keyOf = (name: string) => ({ pk: `${REGISTRY_PREFIX}${name}` });

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
          Item: { ...keyOf(entry.name), entry },
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

  /** Every registered console, by name (a Scan: the registry is small, a thousand items at most). */
  async list(): Promise<RegistryEntry[]> {
    const items = await this.scan({
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': REGISTRY_PREFIX },
    });
    return items.map((item) => parse(item.entry)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every item of the table, registry or not (the cost figures measure item sizes). */
  scanAll(): Promise<Array<Record<string, unknown>>> {
    return this.scan({});
  }

  /** A Scan of the table through every page (`scanPageSize` items a page when set). */
  private async scan(filter: Pick<ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeValues'>) {
    const items: Array<Record<string, unknown>> = [];
    let from: Record<string, unknown> | undefined;
    do {
      const reply = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ...filter,
          ...(this.scanPageSize === undefined ? {} : { Limit: this.scanPageSize }),
          ...(from === undefined ? {} : { ExclusiveStartKey: from }),
        }),
      );
      items.push(...((reply.Items ?? []) as Array<Record<string, unknown>>));
      from = reply.LastEvaluatedKey;
    } while (from !== undefined);
    return items;
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
