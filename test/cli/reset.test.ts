import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { documentClient } from '../support/aws.ts';
import { cli } from '../support/cli.ts';

/**
 * `reset` against a deployed table (dynalite as DynamoDB), as a process: it touches only a console
 * the stack knows and a real source, says so in one line otherwise, and then writes nothing.
 */
let dynamo: LocalDynamo;
const FLEET = 'fleet-table';
const LISTED = 'listed-table';
const env = () => ({
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
});
const keys = async (table: string) =>
  ((await documentClient(dynamo.url).send(new ScanCommand({ TableName: table }))).Items ?? [])
    .map((item) => String(item.pk))
    .sort();

beforeAll(async () => {
  dynamo = await startDynamo();
  const client = documentClient(dynamo.url);
  await createCheckpointTable(dynamo.url, FLEET);
  const registry = new ConsoleRegistry(client, FLEET);
  await registry.markFleet();
  await registry.put({ name: 'prod', secretId: 'canary-collector/prod', addedAt: '2026-01-01T00:00:00Z' });
  // a claim item, which a key built from 'alert:prod:<hash>' would have reached
  await client.send(new PutCommand({ TableName: FLEET, Item: { pk: 'alert:prod:abc#incidents', n: 1 } }));
  // a table without a registry: the consoles it knows are those with checkpoints
  await createCheckpointTable(dynamo.url, LISTED);
  await client.send(new PutCommand({ TableName: LISTED, Item: { pk: 'old#incidents', version: 3 } }));
});
afterAll(async () => {
  await dynamo.stop();
});

describe('reset against a deployed table', () => {
  it('refuses a console the registry does not hold, in one line, exit 2, and creates nothing', async () => {
    const before = await keys(FLEET);
    const result = await cli(['reset', 'nope', 'incidents', '--table', FLEET], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `canary-collector reset: console "nope" is not registered in table ${FLEET}; nothing was reset (consoles registered: prod)`,
    ]);
    expect(await keys(FLEET)).toEqual(before);
  });

  it.each([['alert:prod:abc'], ['prod#x'], ['a b']])(
    'refuses %s as a console name before reaching AWS',
    async (name) => {
      const before = await keys(FLEET);
      const result = await cli(['reset', name, 'incidents', '--table', FLEET], { env: env() });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`"${name}" is not a console name`);
      expect(await keys(FLEET)).toEqual(before);
    },
  );

  it('refuses a source that is not one', async () => {
    const result = await cli(['reset', 'prod', 'incidents#x', '--table', FLEET], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown source "incidents#x"');
  });

  it('resets a registered console’s source', async () => {
    const result = await cli(['reset', 'prod', 'incidents', '--table', FLEET], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('prod/incidents: checkpoint reset');
    expect(await keys(FLEET)).toContain('prod#incidents');
  });

  it('without a registry, knows the consoles that have checkpoints', async () => {
    const refused = await cli(['reset', 'nope', 'all', '--table', LISTED], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `console "nope" is not known in table ${LISTED}; nothing was reset (consoles with checkpoints: old)`,
    );
    expect(await keys(LISTED)).toEqual(['old#incidents']);
    const ok = await cli(['reset', 'old', 'incidents', '--table', LISTED], { env: env() });
    expect(ok.code).toBe(0);
  });
});
