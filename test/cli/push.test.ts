import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { ConsoleRegistry, type RegistryEntry } from '#lib/aws/registry.ts';
import { consolePushValue } from '#lib/push/auth.ts';
import { cliAwsEnv, documentClient } from '../support/aws.ts';
import { cli, STACK_LINE, workDir } from '../support/cli.ts';

/** `canary-collector push setup` as an operator runs it: the real CLI against dynalite, the emulator and the simulator. */
const TABLE = 'collector-checkpoints';
const RECEIVER = 'https://abc123.lambda-url.eu-west-1.on.aws/';
const PUSH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:Push-Key-abc';
const KEY = 'k'.repeat(64);
let dynamo: LocalDynamo;
let aws: AwsJsonServer;
const secrets = new SecretsManagerEmulator();
const simulator = new CanarySimulator({ authToken: 'read-key-0123456789abcdef' });
let env: Record<string, string>;
const cwd = workDir();
/** The registry entry of the console the tests set up (its push nonce is in the header). */
let acme: RegistryEntry;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  const registry = new ConsoleRegistry(documentClient(dynamo.url), TABLE);
  await registry.markFleet();
  acme = await registry.put({
    name: 'acme',
    secretId: 'canary-collector/acme',
    addedAt: new Date().toISOString(),
  });
  aws = new AwsJsonServer({ secretsmanager: (operation, input) => secrets.handle(operation, input) });
  await aws.start();
  await simulator.start();
  secrets.put(
    'canary-collector/acme',
    JSON.stringify({ baseUrl: simulator.url, authToken: simulator.options.authToken }),
  );
  secrets.put(PUSH_SECRET, JSON.stringify({ key: KEY }));
  writeFileSync(join(cwd, 'admin.txt'), 'admin-key-0123456789abcdef\n');
  env = cliAwsEnv(dynamo.url, aws.url);
});
afterAll(async () => {
  await simulator.stop();
  await aws.stop();
  await dynamo.stop();
});

const setup = (name: string, extra: string[] = []) =>
  cli(['push', 'setup', name, '--table', TABLE, '--url', RECEIVER, '--push-secret', PUSH_SECRET, ...extra], {
    cwd,
    env,
  });

describe('canary-collector push setup', () => {
  it('prints the console’s webhook: its URL and the header with its own value', async () => {
    const shown = await setup('acme');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`URL:     ${RECEIVER}acme`);
    expect(shown.stdout).toContain(`Header:  X-Canary-Collector-Key: ${consolePushValue(KEY, acme)}`);
    expect(shown.stdout).toContain('--apply');
    expect(simulator.webhooks.hooks.size).toBe(0);
  });

  it('applies it through the console API, replacing only its own webhook, and the console tests it', async () => {
    simulator.webhooks.hooks.set('https://other.example.com/hook', {
      url: 'https://other.example.com/hook',
      headers: {},
      auditTrail: false,
    });
    const applied = await setup('acme', ['--apply', '--audit-trail']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'acme: applied: the console posts new incidents and audit-trail entries',
    );
    expect(simulator.webhooks.hooks.get(`${RECEIVER}acme`)).toEqual({
      url: `${RECEIVER}acme`,
      headers: { 'X-Canary-Collector-Key': consolePushValue(KEY, acme) },
      auditTrail: true,
    });
    await simulator.webhooks.settled();
    expect(simulator.webhooks.deliveries.filter((d) => d.kind === 'test').map((d) => d.url)).toEqual([
      `${RECEIVER}acme`,
    ]);
    const again = await setup('acme', ['--apply']);
    expect(again.stdout).toContain('(the webhook at this URL was replaced)');
    expect([...simulator.webhooks.hooks.keys()].sort()).toEqual([
      `${RECEIVER}acme`,
      'https://other.example.com/hook',
    ]);
    expect(simulator.webhooks.hooks.get(`${RECEIVER}acme`)?.auditTrail).toBe(false);
    // the auth token went in the header, never in a URL
    expect(
      simulator.requests
        .filter((r) => r.path.startsWith('/settings/'))
        .every((r) => r.headerToken && !r.url.includes('auth_token')),
    ).toBe(true);
  });

  it('says which key to give when the stored one may not change settings, and uses one from a file', async () => {
    simulator.readOnly = true;
    const refused = await setup('acme', ['--apply']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('give a key that may change settings with --token-file');
    expect(refused.stderr).not.toMatch(STACK_LINE);
    simulator.readOnly = false;
    const withFile = await setup('acme', ['--apply', '--token-file', join(cwd, 'admin.txt')]);
    // the simulator knows one key: the admin key from the file is refused as a wrong token, proving it was used
    expect(withFile.code).toBe(1);
    expect(withFile.stderr).toContain('CANARY_AUTH_FAILED');
    expect(withFile.stderr).not.toContain('admin-key-0123456789abcdef');
  });

  it('refuses an unknown console, missing options and a token file without --apply, with help', async () => {
    const ghost = await setup('ghost');
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('console "ghost" is not registered');
    const noUrl = await cli(['push', 'setup', 'acme', '--table', TABLE, '--push-secret', PUSH_SECRET], {
      cwd,
      env,
    });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--url');
    const stray = await setup('acme', ['--token-file', 'x']);
    expect(stray.code).toBe(2);
    const help = await cli(['push', '--help'], { cwd, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: canary-collector push setup');
    for (const result of [ghost, noUrl, stray]) expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
