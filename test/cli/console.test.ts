import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { DynamoCheckpointStore } from '#lib/aws/checkpointStore.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { syncRegistry } from '#lib/aws/registrySync.ts';
import { cliAwsEnv, documentClient } from '../support/aws.ts';
import { cli, STACK_LINE, workDir } from '../support/cli.ts';

/**
 * `canary-collector console …` as an operator runs it: the real CLI process against a deployed
 * registry (dynalite) and Secrets Manager (the emulator), through the standard AWS variables.
 */
const TABLE = 'collector-checkpoints';
let dynamo: LocalDynamo;
let aws: AwsJsonServer;
const secrets = new SecretsManagerEmulator();
const simulator = new CanarySimulator({ authToken: 'fleet-console-token-0123456789' });
let env: Record<string, string>;
const cwd = workDir();
const tokenFile = join(cwd, 'token.txt');

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  await createCheckpointTable(dynamo.url, 'classic-checkpoints');
  // a deployment marks its table; a table of an older version (the one above) is not marked
  await new ConsoleRegistry(documentClient(dynamo.url), TABLE).markFleet();
  aws = new AwsJsonServer({ secretsmanager: (operation, input) => secrets.handle(operation, input) });
  await aws.start();
  await simulator.start();
  writeFileSync(tokenFile, 'fleet-console-token-0123456789\n');
  env = cliAwsEnv(dynamo.url, aws.url);
});
afterAll(async () => {
  await simulator.stop();
  await aws.stop();
  await dynamo.stop();
});

const run = (args: string[], table = TABLE) => cli(['console', ...args, '--table', table], { cwd, env });
/** `console add <name>` of the simulator's console, with the token in a file. */
const addAcme = (extra: string[] = [], table = TABLE) =>
  run(['add', 'acme', '--base-url', simulator.url, '--token-file', tokenFile, ...extra], table);

describe('canary-collector console', () => {
  it('adds a console: its secret under the prefix, its registry entry, listed', async () => {
    const added = await addAcme(['--sources', 'incidents,audit-trail']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('acme: registered, token in secret canary-collector/acme');
    const stored = secrets.handle('GetSecretValue', { SecretId: 'canary-collector/acme' }) as {
      SecretString: string;
    };
    expect(JSON.parse(stored.SecretString)).toEqual({
      baseUrl: simulator.url,
      authToken: 'fleet-console-token-0123456789',
    });
    const listed = await run(['list']);
    expect(listed.stdout).toMatch(/^console\s+state\s+sources/m);
    expect(listed.stdout).toMatch(/^acme\s+active\s+incidents,audit-trail/m);
  });

  it('tests the connection through the stored secret', async () => {
    const tested = await run(['test', 'acme']);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toContain('acme: connection OK');
  });

  it('refuses a second add, a token given as an argument, and a missing token, changing nothing', async () => {
    const twice = await addAcme();
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('console "acme" is already registered (nothing was changed)');
    const asArgument = await run(['add', 'beta', 'the-token-itself', '--base-url', simulator.url]);
    expect(asArgument.code).toBe(2);
    const noToken = await run(['add', 'beta', '--base-url', simulator.url]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('no auth token in stdin');
    expect(() => secrets.handle('GetSecretValue', { SecretId: 'canary-collector/beta' })).toThrow();
    const both = await run([
      'add',
      'beta',
      '--base-url',
      simulator.url,
      '--domain',
      'ab12cd34',
      '--token-file',
      tokenFile,
    ]);
    expect(both.code).toBe(2);
    for (const result of [twice, asArgument, noToken, both]) expect(result.stderr).not.toMatch(STACK_LINE);
    expect((await run(['list'])).stdout).not.toContain('beta');
  });

  it('pauses, resumes and removes, keeping the secret it created', async () => {
    expect((await run(['pause', 'acme'])).code).toBe(0);
    expect((await run(['list'])).stdout).toMatch(/^acme\s+paused/m);
    expect((await run(['resume', 'acme'])).code).toBe(0);
    expect((await run(['list'])).stdout).toMatch(/^acme\s+active/m);
    const removed = await run(['remove', 'acme']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('its secret and checkpoints are kept');
    expect((await run(['list'])).stdout).toContain('no consoles registered');
    expect(secrets.handle('GetSecretValue', { SecretId: 'canary-collector/acme' })).toBeDefined();
    const ghost = await run(['pause', 'ghost']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('console "ghost" is not registered');
    expect(ghost.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses a table without a console registry, changing nothing', async () => {
    const classic = await addAcme([], 'classic-checkpoints');
    expect(classic.code).toBe(1);
    expect(classic.stderr).toContain('table classic-checkpoints has no console registry');
    expect(classic.stderr).not.toMatch(STACK_LINE);
  });

  it('puts a listed console’s first token, then a new one, and never removes it', async () => {
    // as the deploy's custom resource registers a console of the deployment config
    await syncRegistry(new ConsoleRegistry(documentClient(dynamo.url), TABLE), [
      { name: 'listed', secretId: 'canary-collector/listed' },
    ]);
    expect((await run(['list'])).stdout).toMatch(/^listed\s+active\s+all\s+deployment config/m);
    // no token yet: test says which secret is missing, in one line
    const untested = await run(['test', 'listed']);
    expect(untested.code).toBe(1);
    expect(untested.stderr).toContain("could not read console listed's secret");
    expect(untested.stderr).not.toMatch(STACK_LINE);
    const first = await run(['token', 'listed', '--base-url', simulator.url, '--token-file', tokenFile]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('listed: token stored in new secret canary-collector/listed');
    expect((await run(['test', 'listed'])).stdout).toContain('listed: connection OK');
    writeFileSync(join(cwd, 'rotated.txt'), 'rotated-token-abcdefghij\n');
    const rotated = await run([
      'token',
      'listed',
      '--domain',
      'ab12cd34',
      '--token-file',
      join(cwd, 'rotated.txt'),
    ]);
    expect(rotated.stdout).toContain('listed: new token stored in secret canary-collector/listed');
    const stored = secrets.handle('GetSecretValue', { SecretId: 'canary-collector/listed' }) as {
      SecretString: string;
    };
    expect(JSON.parse(stored.SecretString)).toEqual({
      domainHash: 'ab12cd34',
      authToken: 'rotated-token-abcdefghij',
    });
    const removed = await run(['remove', 'listed']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain(
      'console "listed" is listed in the deployment config: take it off the consoles list and deploy',
    );
    expect((await run(['list'])).stdout).toMatch(/^listed\s/m);
    const unknown = await run(['token', 'ghost', '--domain', 'ab12cd34', '--token-file', tokenFile]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('console "ghost" is not registered');
    await syncRegistry(new ConsoleRegistry(documentClient(dynamo.url), TABLE), []);
  });

  it('status --failing --sort last-success shows a fleet as a table, the failing consoles only', async () => {
    const store = new DynamoCheckpointStore(documentClient(dynamo.url), TABLE, z.unknown());
    for (const [name, ok] of [
      ['good', true],
      ['bad', false],
    ] as const) {
      const lease = await store.acquire(`${name}#incidents`, 'run', Date.now() + 60_000);
      if (lease === null) throw new Error('no lease');
      await store.release(lease, {
        ok,
        at: Date.now(),
        recordsSent: 0,
        ...(ok ? {} : { errorCode: 'CANARY_AUTH_FAILED' }),
      });
    }
    const status = await cli(['status', '--table', TABLE, '--failing', '--sort', 'last-success'], {
      cwd,
      env,
    });
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.trim().split('\n');
    expect(lines[0]).toBe('2 consoles, 2 checkpoints, 1 console with a failed last run (showing 1)');
    expect(lines[2]).toMatch(/^bad\s+incidents\s+\S+\s+FAILED CANARY_AUTH_FAILED\s+never\s+free$/);
    expect(lines).toHaveLength(3);
    const wrongSort = await cli(['status', '--table', TABLE, '--sort', 'age'], { cwd, env });
    expect(wrongSort.code).toBe(2);
  });

  it('has help, and says what is missing without a table', async () => {
    const help = await cli(['console', '--help'], { cwd, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: canary-collector console');
    const noTable = await cli(['console', 'list'], { cwd, env });
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain('--table');
  });
});
