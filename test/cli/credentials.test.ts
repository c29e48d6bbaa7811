import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { createCheckpointTable, type LocalDynamo, startDynamo } from '#fakes/emulators/dynamo.ts';
import { SecretsManagerEmulator } from '#fakes/emulators/secretsManager.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { ConsoleRegistry } from '#lib/aws/registry.ts';
import { json, scriptedServer } from '#support/httpServer.ts';
import { cliAwsEnv, documentClient } from '../support/aws.ts';
import { cli, STACK_LINE, workDir } from '../support/cli.ts';

/**
 * Where the CLI's credentials go, as an operator runs it (the real CLI process, dynalite, the Secrets
 * Manager emulator, the simulator, and scripted consoles over real HTTP): `push setup` never follows
 * a redirect or posts to plain http, `--apply` shows a fingerprint of the header value, a base URL
 * with a password is refused without being repeated, and a console's escape sequences never reach
 * the terminal.
 */
const TABLE = 'collector-checkpoints';
const RECEIVER = 'https://abc123.lambda-url.eu-west-1.on.aws/';
const PUSH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:Push-Key-abc';
const TOKEN = 'read-key-0123456789abcdef';
/** Any control character but \n: what a console's escape sequences would leave on the screen. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const ESC = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
let dynamo: LocalDynamo;
let aws: AwsJsonServer;
let registry: ConsoleRegistry;
const secrets = new SecretsManagerEmulator();
const simulator = new CanarySimulator({ authToken: TOKEN });
let env: Record<string, string>;
const cwd = workDir();
const closers: Array<() => Promise<void>> = [];

/** A console registered under `name` whose secret points at `baseUrl`. */
async function register(name: string, baseUrl: string): Promise<void> {
  await registry.put({ name, secretId: `canary-collector/${name}`, addedAt: new Date().toISOString() });
  secrets.put(`canary-collector/${name}`, JSON.stringify({ baseUrl, authToken: TOKEN }));
}

beforeAll(async () => {
  dynamo = await startDynamo();
  await createCheckpointTable(dynamo.url, TABLE);
  registry = new ConsoleRegistry(documentClient(dynamo.url), TABLE);
  await registry.markFleet();
  aws = new AwsJsonServer({ secretsmanager: (operation, input) => secrets.handle(operation, input) });
  await aws.start();
  await simulator.start();
  await register('acme', simulator.url);
  secrets.put(PUSH_SECRET, JSON.stringify({ key: 'k'.repeat(64) }));
  env = cliAwsEnv(dynamo.url, aws.url);
});
afterAll(async () => {
  for (const close of closers) await close();
  await simulator.stop();
  await aws.stop();
  await dynamo.stop();
});

const setup = (name: string, extra: string[] = [], url = RECEIVER) =>
  cli(['push', 'setup', name, '--table', TABLE, '--url', url, '--push-secret', PUSH_SECRET, ...extra], {
    cwd,
    env,
  });

describe('push setup', () => {
  it('stops at a redirect: one line naming its host, nothing sent there or anywhere after', async () => {
    const elsewhere = await scriptedServer([json(200, { result: 'success', generic_webhooks: [] })]);
    const port = new URL(elsewhere.url).port;
    const console = await scriptedServer([
      (_req, res) => {
        res.writeHead(307, { location: `${elsewhere.url}/api/v1/settings/generic/list?steal=1` });
        res.end();
      },
    ]);
    closers.push(elsewhere.close, console.close);
    await register('moved', console.url);
    const moved = await setup('moved', ['--apply']);
    expect(moved.code).toBe(1);
    expect(moved.stderr.trimEnd().split('\n')).toEqual([
      `canary-collector push: the console answered /settings/generic/list with 307, a redirect to host 127.0.0.1:${port}; it was not followed and nothing more was sent`,
    ]);
    expect(console.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    const header = String(console.requests[0]?.headers['x-canary-auth-token']);
    expect(header).toBe(TOKEN);
    for (const output of [moved.stdout, moved.stderr]) {
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain('steal');
    }
  });

  it('refuses a plain-http receiver, except on loopback, with one usage line', async () => {
    const plain = await setup('acme', [], 'http://abc123.lambda-url.eu-west-1.on.aws/');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--url must be https://');
    expect(plain.stderr).not.toMatch(STACK_LINE);
    expect(simulator.requests.filter((r) => r.path.startsWith('/settings/'))).toHaveLength(0);
    const local = await setup('acme', [], 'http://127.0.0.1:9999/');
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain('URL:     http://127.0.0.1:9999/acme');
  });

  it('with --apply shows a fingerprint of the header value, not the value', async () => {
    const applied = await setup('acme', ['--apply']);
    expect(applied.code, applied.stderr).toBe(0);
    const value = simulator.webhooks.hooks.get(`${RECEIVER}acme`)?.headers['X-Canary-Collector-Key'];
    expect(value).toMatch(/[0-9a-f]{64}$/);
    const digest = createHash('sha256')
      .update(value as string)
      .digest('hex')
      .slice(0, 8);
    expect(applied.stdout).toContain(
      `Header:  X-Canary-Collector-Key: (set on the console; SHA-256 fingerprint ${digest})`,
    );
    expect(applied.stdout).not.toContain(value);
    // without --apply the operator pastes it, so it is shown
    const shown = await setup('acme');
    expect(shown.stdout).toContain(`X-Canary-Collector-Key: ${value}`);
  });

  it('prints a console’s refusal without its escape sequences', async () => {
    const hostile = await scriptedServer([
      json(403, { result: 'error', message: '\u001b]0;pwned\u0007\u001b[2Jno \u001b[31mway\u001b[0m\r\n' }),
    ]);
    closers.push(hostile.close);
    await register('hostile', hostile.url);
    const refused = await setup('hostile', ['--apply']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(no way )');
    expect(refused.stderr.replaceAll('\n', '')).not.toMatch(ESC);
  });
});

describe('a console URL with a user name and password', () => {
  const secret = 'hunter2-pass';
  it.each([
    ['test-connection', ['test-connection']],
    ['run', ['run', '--once']],
  ])('is refused by %s without being repeated', async (_label, args) => {
    const result = await cli(args, {
      cwd: workDir(),
      env: { CANARY_AUTH_TOKEN: TOKEN, CANARY_BASE_URL: `https://admin:${secret}@ab12cd34.canary.tools` },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must not carry a user name or password');
    for (const output of [result.stdout, result.stderr]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain('admin:');
    }
  });

  it('is refused in CANARY_DOMAIN and by console add, without being repeated', async () => {
    const domain = await cli(['test-connection'], {
      cwd: workDir(),
      env: { CANARY_AUTH_TOKEN: TOKEN, CANARY_DOMAIN: `https://admin:${secret}@ab12cd34.canary.tools` },
    });
    expect(domain.code).toBe(2);
    const add = await cli(
      ['console', 'add', 'withpass', '--table', TABLE, '--base-url', `https://admin:${secret}@c.example.com`],
      { cwd, env },
    );
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('must not carry a user name or password');
    for (const output of [domain.stdout, domain.stderr, add.stdout, add.stderr])
      expect(output).not.toContain(secret);
    expect(await registry.get('withpass')).toBeUndefined();
  });

  it('test-connection prints a console’s message without its escape sequences', async () => {
    const hostile = await scriptedServer([
      json(200, { result: 'error', message: '\u001b]0;pwned\u0007\u001b[2Jbad \u009b31mflock' }),
    ]);
    closers.push(hostile.close);
    const result = await cli(['test-connection'], {
      cwd: workDir(),
      env: { CANARY_AUTH_TOKEN: TOKEN, CANARY_BASE_URL: hostile.url },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the console said: bad flock');
    expect(result.stdout.replaceAll('\n', '')).not.toMatch(ESC);
  });
});
