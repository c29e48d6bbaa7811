import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { cli, finished, STACK_LINE, spawnScript, workDir } from '../support/cli.ts';
import { npmInTerminal } from '../support/pty.ts';

/**
 * `run --push` against a real console: the simulator on its own HTTP server, reached as any console
 * (CANARY_BASE_URL), its settings API giving it the webhook and taking it away, the real CLI as a process.
 */
const simulators: CanarySimulator[] = [];
afterAll(async () => {
  await Promise.all(simulators.map((s) => s.stop()));
});

async function console(seed: number) {
  const simulator = new CanarySimulator({ seed, incidents: 5, authToken: `settings-key-of-console-${seed}` });
  simulators.push(simulator);
  const url = await simulator.start();
  return {
    simulator,
    env: { CANARY_BASE_URL: url, CANARY_AUTH_TOKEN: simulator.options.authToken },
    name: `127.0.0.1-${new URL(url).port}`,
  };
}

/** A free loopback port (for a --push-url known before the run starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what: () => boolean, ms = 30_000): Promise<void> {
  const started = Date.now();
  while (!what() && Date.now() - started < ms) await new Promise((resolve) => setTimeout(resolve, 100));
}

const records = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

/** Starts `run` and collects its output as it comes. */
function start(args: string[], env: Record<string, string>, cwd = workDir()) {
  const child = spawnScript('cli/main.ts', ['run', ...args], { cwd, env });
  let shown = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  return { child, cwd, done: finished(child), shown: () => shown };
}

describe('run --push against a real console', () => {
  it('adds its webhook through the settings API, an incident arrives by push as an alert, Ctrl-C removes it', async () => {
    const a = await console(41);
    const other = 'https://siem.example.com/hook';
    a.simulator.webhooks.hooks.set(other, { url: other, headers: {}, auditTrail: false });
    const run = start(['--push', '--interval', '1'], a.env);
    const announced = /push: console "[^"]+" posts its webhooks to (http:\/\/127\.0\.0\.1:\d+\/\S+) /;
    await until(() => announced.test(run.shown()));
    const url = announced.exec(run.shown())?.[1] as string;
    expect(url).toMatch(new RegExp(`/${a.name}$`));
    // during the run: the console has the webhook, with the header, and its test webhook was answered
    const hook = a.simulator.webhooks.hooks.get(url);
    expect(Object.keys(hook?.headers ?? {})).toEqual(['X-Canary-Collector-Key']);
    expect(hook?.auditTrail).toBe(true);
    await a.simulator.webhooks.settled();
    expect(a.simulator.webhooks.deliveries.filter((d) => d.kind === 'test')).toMatchObject([
      { url, status: 200 },
    ]);
    const [index] = a.simulator.addIncidents(1);
    const hash = String(a.simulator.store.render(index as number).hash_id);
    const file = join(run.cwd, 'out', `${a.name}.ndjson`);
    const pushed = () =>
      records(file).filter(
        (r) => r.source === 'alert' && (r.normalized as { hash_id?: string }).hash_id === hash,
      );
    await until(() => pushed().length > 0);
    // the console notes the answer after the receiver wrote the record
    await a.simulator.webhooks.settled();
    expect(a.simulator.webhooks.deliveries.find((d) => d.hash === hash && d.url === url)?.status).toBe(200);
    expect(pushed()).toHaveLength(1);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, run.shown()).toBe(0);
    expect(result.stdout).toContain(`push: removed the webhook at ${url}`);
    expect(result.stdout).toMatch(/done: \d+ records written/);
    // after: only the webhook it added is gone
    expect([...a.simulator.webhooks.hooks.keys()]).toEqual([other]);
    // the key went in the header only, never in a URL, and never on screen
    const settingsCalls = a.simulator.requests.filter((r) => r.path.startsWith('/settings/'));
    expect(settingsCalls.map((r) => r.path)).toContain('/settings/generic/remove');
    expect(settingsCalls.every((r) => r.headerToken && !r.url.includes(a.simulator.options.authToken))).toBe(
      true,
    );
    expect(run.shown()).not.toContain(a.simulator.options.authToken);
  }, 90_000);

  it('a webhook already at its URL is said and left; a failure after the add removes what it added', async () => {
    const a = await console(42);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/${a.name}`;
    const theirs = { url, headers: { 'X-Theirs': 'x' }, auditTrail: false };
    a.simulator.webhooks.hooks.set(url, theirs);
    const listen = ['--push', '--push-listen', `127.0.0.1:${port}`, '--push-url', `http://127.0.0.1:${port}`];
    const refused = await cli(['run', ...listen], { cwd: workDir(), env: a.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `the console already has a webhook at ${url}, not added by this run: it was left as it is`,
    );
    expect(refused.stderr).not.toMatch(STACK_LINE);
    expect(a.simulator.webhooks.hooks.get(url)).toEqual(theirs);
    a.simulator.webhooks.hooks.clear();
    // the add goes through, the audit-trail setting fails: the run ends, and takes its webhook with it
    a.simulator.inject({ path: '/settings/webhook/configure', status: 500 });
    const failed = await cli(['run', ...listen], { cwd: workDir(), env: a.env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/CANARY_API_ERROR|500/);
    expect(a.simulator.requests.map((r) => r.path)).toContain('/settings/generic/add');
    expect(a.simulator.webhooks.hooks.size).toBe(0);
  }, 60_000);

  it('a removal the console does not carry out is said, with the fix, and the run exits 1', async () => {
    const a = await console(43);
    const run = start(['--push'], a.env);
    await until(() => /push: console .* posts its webhooks/.test(run.shown()));
    a.simulator.inject({ path: '/settings/generic/remove', status: 500 });
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, run.shown()).toBe(1);
    expect(result.stdout).toMatch(
      /push: could not remove the webhook at http:\/\/127\.0\.0\.1:\d+\/\S+: CANARY_API_ERROR: .*\n {2}→ remove it in the console \(Settings → Webhooks → Generic\)/,
    );
    expect(a.simulator.webhooks.hooks.size).toBe(1);
  }, 60_000);

  it('a read-only key is refused with the fix; --token-file gives the key used (never shown)', async () => {
    const a = await console(44);
    a.simulator.readOnly = true;
    const readOnly = await cli(['run', '--push'], { cwd: workDir(), env: a.env });
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toContain('give a key that may change settings with --token-file');
    a.simulator.readOnly = false;
    const cwd = workDir();
    writeFileSync(join(cwd, 'admin.txt'), 'admin-key-not-this-consoles-0123\n');
    const wrong = await cli(['run', '--push', '--token-file', 'admin.txt'], { cwd, env: a.env });
    // the simulator knows one key: the file's is refused as a wrong one, which proves it was the one used
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('CANARY_AUTH_FAILED');
    expect(wrong.stdout + wrong.stderr).not.toContain('admin-key-not-this-consoles-0123');
    expect(a.simulator.webhooks.hooks.size).toBe(0);
  }, 60_000);

  it('Ctrl-C while it is still starting stops cleanly: the webhook it added is removed, exit 0', async () => {
    const a = await console(45);
    const run = start(['--push'], { ...a.env, CANARY_DEV_STARTUP_DELAY_MS: '60000' });
    await until(() => run.shown().includes('start-up held for 60000 ms'));
    expect(a.simulator.webhooks.hooks.size).toBe(1);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, run.shown()).toBe(0);
    expect(result.stdout).toContain('stopped during start-up: nothing was collected');
    expect(result.stdout).toMatch(/push: removed the webhook at http:\/\/127\.0\.0\.1:\d+\//);
    expect(result.stdout).not.toContain('done:');
    expect(a.simulator.webhooks.hooks.size).toBe(0);
  }, 60_000);
});

describe('run --push refusals (exit 2, before anything starts)', () => {
  const real = { CANARY_BASE_URL: 'http://127.0.0.1:9', CANARY_AUTH_TOKEN: 'token-1234567890' };
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['--once', ['--push', '--once'], real, /--push needs a continuous run: .*drop --once/],
    [
      'an http --push-url off loopback',
      ['--push', '--push-listen', '127.0.0.1:8787', '--push-url', 'http://tunnel.example.com'],
      real,
      /--push-url must be https:\/\/ \(plain http only on loopback\)/,
    ],
    [
      'a --push-url with a path',
      ['--push', '--push-listen', '127.0.0.1:8787', '--push-url', 'https://tunnel.example.com/x'],
      real,
      /--push-url must be the tunnel's origin only \(https:\/\/tunnel\.example\.com\)/,
    ],
    [
      'a --push-listen that is not host:port',
      ['--push', '--push-listen', '8787'],
      real,
      /--push-listen must be host:port/,
    ],
    [
      '--push-url without --push-listen',
      ['--push', '--push-url', 'https://tunnel.example.com'],
      real,
      /give --push-listen <host:port> too/,
    ],
    [
      'a --push-listen off loopback without --push-url',
      ['--push', '--push-listen', '0.0.0.0:8787'],
      real,
      /--push-listen 0\.0\.0\.0:8787 is not loopback.*give --push-url https:/,
    ],
    [
      'a console that cannot reach loopback, without --push-url',
      ['--push'],
      { CANARY_DOMAIN: 'ab12cd34', CANARY_AUTH_TOKEN: 'token-1234567890' },
      /console "ab12cd34" cannot reach this machine's loopback.*give --push-url https:/,
    ],
    [
      '--push-listen without --push',
      ['--push-listen', '127.0.0.1:1'],
      real,
      /--push-listen is an option of --push/,
    ],
    [
      '--token-file with the simulator',
      ['--push', '--token-file', 'k.txt'],
      {},
      /--token-file is for a real console/,
    ],
  ];
  for (const [what, args, env, message] of cases)
    it.concurrent(`refuses ${what}`, async () => {
      const result = await cli(['run', ...args], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('canary-collector run --help');
      expect(result.stderr).not.toContain('token-1234567890');
      expect(result.stderr).not.toMatch(STACK_LINE);
    });
});

describe('Ctrl-C in a terminal while the local stack is starting', () => {
  it('stops cleanly under npm start: exit 3 with --once, nothing left held, and the next run works', async () => {
    const cwd = workDir();
    // npm start runs in the project: a state folder of its own keeps other runs' locks out of the way
    const state = { CANARY_STATE_DIR: join(cwd, '.local') };
    const env = { ...state, CANARY_DEV_STARTUP_DELAY_MS: '60000' };
    const pressed = await npmInTerminal(
      ['start', '--', '--once', '--incidents', '10', '--out', join(cwd, 'out')],
      {
        when: /start-up held for 60000 ms/,
        env,
      },
    );
    expect(pressed.code, pressed.output).toBe(3);
    expect(pressed.output).toContain('stopping once the local stack has started, before the first page');
    expect(pressed.output).toContain('stopped during start-up: nothing was collected');
    // one press reached npm and node together: still one stop, not a forced exit
    expect(pressed.output).not.toContain('done:');
    const next = await cli(['run', '--once', '--incidents', '10', '--out', join(cwd, 'out')], {
      cwd,
      env: state,
    });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/incidents: 10 records sent/);
  }, 120_000);
});
