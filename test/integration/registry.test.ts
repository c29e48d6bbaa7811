import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { DynamoCheckpointStore } from '#lib/aws/checkpointStore.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { documentClient } from '../support/aws.ts';

/** The console registry in DynamoDB (dynalite, the real SDK): consoles as data beside the checkpoints. */
let dynamo: LocalDynamo;
let registry: ConsoleRegistry;
const TABLE = 'registry-test';
const at = '2026-11-22T00:00:00.000Z';

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  registry = new ConsoleRegistry(documentClient(dynamo.url), TABLE);
});
afterAll(() => dynamo.stop());

const refusal = async (action: Promise<unknown>) => {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CollectorError);
  return error as CollectorError;
};

describe('the console registry', () => {
  it('adds, reads, lists, pauses and removes consoles, with defaults filled', async () => {
    await registry.put({ name: 'acme', secretId: 'canary-collector/acme', addedAt: at });
    await registry.put({
      name: 'beta-corp',
      secretId: 'canary-collector/beta-corp',
      incidentsFrom: '2026-01-01T00:00:00Z',
      sources: { tokens: { enabled: false }, incidents: { intervalMinutes: 2 } },
      addedAt: at,
    });
    expect(await registry.get('acme')).toEqual({
      name: 'acme',
      secretId: 'canary-collector/acme',
      allowedHosts: [],
      sources: {},
      paused: false,
      addedAt: at,
      managedBy: 'cli',
      // a new registration's own random value for its webhook header (push/auth.ts)
      pushNonce: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect((await registry.list()).map((e) => e.name)).toEqual(['acme', 'beta-corp']);
    await registry.setPaused('beta-corp', true);
    expect((await registry.get('beta-corp'))?.paused).toBe(true);
    await registry.remove('acme');
    expect(await registry.get('acme')).toBeUndefined();
    expect((await registry.list()).map((e) => e.name)).toEqual(['beta-corp']);
  });

  it('refuses a console twice, and unknown consoles, by name', async () => {
    await registry.put({ name: 'twice', secretId: 's', addedAt: at });
    expect((await refusal(registry.put({ name: 'twice', secretId: 's', addedAt: at }))).message).toContain(
      'console "twice" is already registered',
    );
    await registry.put({ name: 'twice', secretId: 'other', addedAt: at }, { replace: true });
    expect((await registry.get('twice'))?.secretId).toBe('other');
    expect((await refusal(registry.setPaused('ghost', true))).code).toBe('CONSOLE_UNKNOWN');
    expect((await refusal(registry.remove('ghost'))).code).toBe('CONSOLE_UNKNOWN');
    expect((await refusal(registry.put({ name: 'bad name', secretId: 's', addedAt: at }))).code).toBe(
      'CONFIG_INVALID',
    );
  });

  it('never meets a checkpoint: a console named "registry" and checkpoints of every source stay apart', async () => {
    const store = new DynamoCheckpointStore(documentClient(dynamo.url), TABLE, z.unknown());
    await registry.put({ name: 'incidents', secretId: 's', addedAt: at });
    const lease = await store.acquire('registry#incidents', 'run-1', Date.now() + 60_000);
    expect(lease).not.toBeNull();
    const names = (await registry.list()).map((e) => e.name);
    expect(names).toContain('incidents');
    expect(names).not.toContain('registry');
  });

  it('lists a thousand consoles across pages of its index', async () => {
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        registry.put({ name: `fleet-${String(i).padStart(4, '0')}`, secretId: `s-${i}`, addedAt: at }),
      ),
    );
    // 100 items a page: the list must follow LastEvaluatedKey through a dozen pages
    const paged = new ConsoleRegistry(documentClient(dynamo.url), TABLE, 100);
    const fleet = (await paged.list()).filter((e) => e.name.startsWith('fleet-'));
    expect(fleet).toHaveLength(1000);
    expect(fleet[999]?.name).toBe('fleet-0999');
  });
});

describe('the registry index', () => {
  const older = (table: string, name: string) =>
    documentClient(dynamo.url).send(
      new PutCommand({
        TableName: table,
        // an entry as the registry wrote it before the index: no `kind`
        Item: { pk: `registry:${name}`, entry: { name, secretId: `canary-collector/${name}`, addedAt: at } },
      }),
    );

  it('reads registry entries only: no checkpoint item is read, however many there are', async () => {
    await createCheckpointTable(dynamo.url, 'index-only');
    const client = documentClient(dynamo.url);
    const indexOnly = new ConsoleRegistry(client, 'index-only');
    await indexOnly.put({ name: 'acme', secretId: 'canary-collector/acme', addedAt: at });
    for (let i = 0; i < 50; i++)
      await client.send(
        new PutCommand({
          TableName: 'index-only',
          Item: { pk: `acme#n${i}`, state: { pad: 'x'.repeat(2000) } },
        }),
      );
    const reply = await client.send(
      new QueryCommand({
        TableName: 'index-only',
        IndexName: 'registry',
        KeyConditionExpression: '#k = :v',
        ExpressionAttributeNames: { '#k': 'kind' },
        ExpressionAttributeValues: { ':v': 'console' },
      }),
    );
    expect(reply.Items?.map((item) => item.pk)).toEqual(['registry:acme']);
    expect((await indexOnly.list()).map((e) => e.name)).toEqual(['acme']);
  });

  it('misses an entry written before the index until adoptUnindexed puts it in, then lists it', async () => {
    await createCheckpointTable(dynamo.url, 'adopt');
    const adopting = new ConsoleRegistry(documentClient(dynamo.url), 'adopt');
    await adopting.put({ name: 'new-one', secretId: 'canary-collector/new-one', addedAt: at });
    await older('adopt', 'old-one');
    expect((await adopting.list()).map((e) => e.name)).toEqual(['new-one']);
    expect(await adopting.adoptUnindexed()).toEqual(['old-one']);
    expect((await adopting.list()).map((e) => e.name)).toEqual(['new-one', 'old-one']);
    // adopted once: a second pass finds nothing
    expect(await adopting.adoptUnindexed()).toEqual([]);
    expect(await adopting.get('old-one')).toMatchObject({
      secretId: 'canary-collector/old-one',
      paused: false,
    });
  });

  it('lists a table made before the index (no index at all) with a Scan, as before', async () => {
    const raw = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await raw.send(
      new CreateTableCommand({
        TableName: 'no-index',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    raw.destroy();
    await older('no-index', 'legacy');
    const legacy = new ConsoleRegistry(documentClient(dynamo.url), 'no-index');
    expect((await legacy.list()).map((e) => e.name)).toEqual(['legacy']);
  });
});

describe('the fleet marker', () => {
  it('says whether the table’s collector reads the registry', async () => {
    await createCheckpointTable(dynamo.url, 'marker-test');
    const fresh = new ConsoleRegistry(documentClient(dynamo.url), 'marker-test');
    expect(await fresh.isFleet()).toBe(false);
    await fresh.markFleet();
    expect(await fresh.isFleet()).toBe(true);
    expect(await fresh.list()).toEqual([]);
  });
});
