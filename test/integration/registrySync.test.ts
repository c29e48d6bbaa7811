import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { type ListedConsole, listDigest, syncRegistry } from '#lib/aws/registrySync.ts';
import { createSyncHandler } from '#lib/entrypoints/registrySync.ts';
import { documentClient } from '../support/aws.ts';
import { captureOutput } from '../support/capture.ts';

/**
 * The deployment config's console list applied to the registry by the custom resource, against
 * dynalite through the real SDK, answering CloudFormation over real HTTP (a PUT to the response URL).
 */
let dynamo: LocalDynamo;
let server: Server;
let responseUrl: string;
let answers: Array<{ headers: Record<string, unknown>; body: Record<string, unknown> }> = [];
let tableNumber = 0;
let table: string;
let registry: ConsoleRegistry;
const output = captureOutput();

beforeAll(async () => {
  dynamo = await startDynamo();
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => {
      answers.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer?X-Amz-Signature=abc`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await dynamo.stop();
});
beforeEach(async () => {
  answers = [];
  table = `sync-${++tableNumber}`;
  await createCheckpointTable(dynamo.url, table);
  registry = new ConsoleRegistry(documentClient(dynamo.url), table);
});

/** Writes the list as the stack bundles it, and returns a deploy's request for it. */
function deployOf(
  consoles: ListedConsole[],
  type: 'Create' | 'Update' | 'Delete' = 'Create',
  digest?: string,
): { event: CloudFormationCustomResourceEvent; listFile: string } {
  const text = JSON.stringify(consoles);
  const listFile = join(mkdtempSync(join(tmpdir(), 'console-list-')), 'consoles.json');
  writeFileSync(listFile, text);
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:sync',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/CanaryCollector/1',
    RequestId: `req-${answers.length}`,
    LogicalResourceId: 'CollectorConsoleListApplied',
    ResourceType: 'Custom::ConsoleList',
    ResourceProperties: { ServiceToken: 'x', ConsolesSha256: digest ?? listDigest(text) },
  };
  const event = (
    type === 'Create'
      ? { ...base, RequestType: 'Create' }
      : {
          ...base,
          RequestType: type,
          PhysicalResourceId: `${table}/console-list`,
          OldResourceProperties: { ServiceToken: 'x', ConsolesSha256: 'old' },
        }
  ) as CloudFormationCustomResourceEvent;
  return { event, listFile };
}

async function deploy(
  consoles: ListedConsole[],
  type: 'Create' | 'Update' | 'Delete' = 'Create',
  digest?: string,
) {
  const { event, listFile } = deployOf(consoles, type, digest);
  const from = output.length;
  await createSyncHandler({
    clients: { documents: documentClient(dynamo.url) },
    env: { CHECKPOINT_TABLE: table },
    listFile,
  })(event);
  const answer = answers.at(-1);
  if (answer === undefined) throw new Error('no answer to CloudFormation');
  return { answer: answer.body, headers: answer.headers, logs: output.slice(from).join('') };
}

const names = async () => (await registry.list()).map((e) => `${e.name}:${e.managedBy}`);

describe('the deployment config’s consoles, applied to the registry at deploy', () => {
  it('adds the listed consoles, marks the table a fleet’s, and tells CloudFormation', async () => {
    const { answer, headers } = await deploy([
      { name: 'prod', secretId: 'canary-collector/prod', incidentsFrom: '2026-01-01T00:00:00Z' },
      { name: 'lab', secretId: 'canary-collector/lab', allowedHosts: ['canary.example.net'] },
    ]);
    expect(answer).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: `${table}/console-list`,
      RequestId: 'req-0',
      LogicalResourceId: 'CollectorConsoleListApplied',
      Data: { Added: '2', Updated: '0', Removed: '0' },
    });
    // a presigned S3 URL is signed without a content type
    expect(headers['content-type']).toBe('');
    expect(await names()).toEqual(['lab:config', 'prod:config']);
    expect(await registry.get('prod')).toMatchObject({
      secretId: 'canary-collector/prod',
      incidentsFrom: '2026-01-01T00:00:00Z',
      paused: false,
    });
    expect(await registry.isFleet()).toBe(true);
  });

  it('is declarative: a console off the list leaves, a changed one is updated, CLI consoles stay', async () => {
    await deploy([
      { name: 'prod', secretId: 'canary-collector/prod' },
      { name: 'old', secretId: 'canary-collector/old' },
    ]);
    await registry.put({
      name: 'cli-added',
      secretId: 'canary-collector/cli-added',
      addedAt: new Date().toISOString(),
    });
    await registry.setPaused('prod', true);
    const first = await registry.get('prod');
    const { answer } = await deploy(
      [
        { name: 'prod', secretId: 'canary-collector/prod', auditFrom: '2026-02-01' },
        { name: 'new', secretId: 'canary-collector/new' },
      ],
      'Update',
    );
    expect(answer).toMatchObject({ Status: 'SUCCESS', Data: { Added: '1', Updated: '1', Removed: '1' } });
    expect(await names()).toEqual(['cli-added:cli', 'new:config', 'prod:config']);
    // an operator's pause and the first registration survive a deploy
    expect(await registry.get('prod')).toMatchObject({
      auditFrom: '2026-02-01',
      paused: true,
      addedAt: first?.addedAt,
    });
    // the same list again changes nothing
    const again = await deploy(
      [
        { name: 'prod', secretId: 'canary-collector/prod', auditFrom: '2026-02-01' },
        { name: 'new', secretId: 'canary-collector/new' },
      ],
      'Update',
    );
    expect(again.answer).toMatchObject({ Data: { Added: '0', Updated: '0', Removed: '0' } });
    // an empty list removes every listed console, and only those
    await deploy([], 'Update');
    expect(await names()).toEqual(['cli-added:cli']);
  });

  it('puts entries written before the registry index into it (any owner’s), so the dispatcher sees every console', async () => {
    const writeOlder = (name: string, managedBy: 'cli' | 'config') =>
      documentClient(dynamo.url).send(
        new PutCommand({
          TableName: table,
          // as the registry wrote entries before its index: no `kind`
          Item: {
            pk: `registry:${name}`,
            entry: {
              name,
              secretId: `canary-collector/${name}`,
              addedAt: '2026-11-01T00:00:00.000Z',
              managedBy,
            },
          },
        }),
      );
    await writeOlder('cli-old', 'cli');
    await writeOlder('listed-old', 'config');
    expect(await names()).toEqual([]);
    const { answer, logs } = await deploy(
      [{ name: 'listed-old', secretId: 'canary-collector/listed-old' }],
      'Update',
    );
    expect(answer).toMatchObject({ Status: 'SUCCESS', Data: { Added: '0', Removed: '0' } });
    expect(await names()).toEqual(['cli-old:cli', 'listed-old:config']);
    expect(logs).toMatch(/"indexed":\["cli-old","listed-old"\]|"indexed":\["listed-old","cli-old"\]/);
  });

  it('reads the registry consistently, not through its index (which may lag what was just put into it)', async () => {
    await deploy([{ name: 'prod', secretId: 'canary-collector/prod' }]);
    await registry.setPaused('prod', true);
    const before = await registry.get('prod');
    // an index that has not caught up: it lists nothing
    class LaggingIndex extends ConsoleRegistry {
      override async list() {
        return [];
      }
    }
    const summary = await syncRegistry(new LaggingIndex(documentClient(dynamo.url), table), [
      { name: 'prod', secretId: 'canary-collector/prod' },
    ]);
    expect(summary).toMatchObject({ added: [], updated: [], removed: [], unchanged: 1 });
    // the entry is the same: still paused, the same webhook nonce and first registration
    expect(await registry.get('prod')).toEqual(before);
  });

  it('refuses a listed name that the CLI added, writing nothing, and says why to CloudFormation', async () => {
    await registry.put({
      name: 'taken',
      secretId: 'canary-collector/taken',
      addedAt: new Date().toISOString(),
    });
    const { answer, logs } = await deploy([
      { name: 'fresh', secretId: 'canary-collector/fresh' },
      { name: 'taken', secretId: 'canary-collector/taken' },
    ]);
    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason).toContain('added with canary-collector console add: taken');
    expect(logs).toContain('console list not applied');
    expect(await names()).toEqual(['taken:cli']);
  });

  it('leaves the registry alone on Delete, and on a rollback asking for another list', async () => {
    await deploy([{ name: 'prod', secretId: 'canary-collector/prod' }]);
    const deleted = await deploy([], 'Delete');
    expect(deleted.answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${table}/console-list` });
    expect(await names()).toEqual(['prod:config']);
    // the function bundles the new (empty) list while CloudFormation rolls back to the old digest
    const rollback = await deploy([], 'Update', 'digest-of-the-list-before');
    expect(rollback.answer.Status).toBe('SUCCESS');
    expect(rollback.logs).toContain('console list of another version requested');
    expect(await names()).toEqual(['prod:config']);
  });

  it('fails the deploy, not hangs it, on a list it cannot read or a table it cannot reach', async () => {
    const { event } = deployOf([{ name: 'prod', secretId: 'canary-collector/prod' }]);
    await createSyncHandler({
      clients: { documents: documentClient(dynamo.url) },
      env: { CHECKPOINT_TABLE: table },
      listFile: '/nonexistent/consoles.json',
    })(event);
    expect(answers.at(-1)?.body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('missing from the function bundle'),
    });
    const listed = deployOf([{ name: 'prod', secretId: 'canary-collector/prod' }]);
    await createSyncHandler({
      clients: { documents: documentClient(dynamo.url) },
      env: { CHECKPOINT_TABLE: 'no-such-table' },
      listFile: listed.listFile,
    })(listed.event);
    expect(answers.at(-1)?.body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('ResourceNotFoundException'),
    });
  });
});
