import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { cliAwsEnv, documentClient } from '../support/aws.ts';
import { cli, STACK_LINE, workDir } from '../support/cli.ts';

/** `canary-collector push rotate` as an operator runs it: the real CLI against dynalite. */
const TABLE = 'collector-checkpoints';
let dynamo: LocalDynamo;
let registry: ConsoleRegistry;
let env: Record<string, string>;
const cwd = workDir();

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  registry = new ConsoleRegistry(documentClient(dynamo.url), TABLE);
  await registry.markFleet();
  await registry.put({ name: 'acme', secretId: 'canary-collector/acme', addedAt: new Date().toISOString() });
  await registry.put({
    name: 'other',
    secretId: 'canary-collector/other',
    addedAt: new Date().toISOString(),
  });
  env = cliAwsEnv(dynamo.url, 'http://127.0.0.1:1');
});
afterAll(() => dynamo.stop());

describe('canary-collector push rotate', () => {
  it('gives one console a new push nonce, leaves the others, and says what to do next', async () => {
    const before = { acme: await registry.get('acme'), other: await registry.get('other') };
    const rotated = await cli(['push', 'rotate', 'acme', '--table', TABLE], { cwd, env });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain('acme: push header rotated');
    expect(rotated.stdout).toContain('push setup acme');
    const after = { acme: await registry.get('acme'), other: await registry.get('other') };
    expect(after.acme?.pushNonce).toMatch(/^[0-9a-f]{32}$/);
    expect(after.acme?.pushNonce).not.toBe(before.acme?.pushNonce);
    expect(after.other).toEqual(before.other);
  });

  it('an unknown console is one line, and creates nothing; a bad name or no table is a usage error', async () => {
    const unknown = await cli(['push', 'rotate', 'nobody', '--table', TABLE], { cwd, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('console "nobody" is not registered');
    expect(await registry.get('nobody')).toBeUndefined();
    const bad = await cli(['push', 'rotate', 'alert:acme:x', '--table', TABLE], { cwd, env });
    expect(bad.code).toBe(2);
    const noTable = await cli(['push', 'rotate', 'acme'], { cwd, env: { ...env, CHECKPOINT_TABLE: '' } });
    expect(noTable.code).toBe(2);
    for (const r of [unknown, bad, noTable]) expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
