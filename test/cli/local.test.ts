import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUT_MARKER } from '#cli/outDir.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { cli, finished, STACK_LINE, spawnScript, workDir } from '../support/cli.ts';
import { npmInTerminal } from '../support/pty.ts';

const simulators: CanarySimulator[] = [];
afterAll(async () => {
  await Promise.all(simulators.map((s) => s.stop()));
});

/** A console of its own on loopback, reached as a real one (CANARY_BASE_URL + CANARY_AUTH_TOKEN). */
async function console(seed: number, incidents: number) {
  const simulator = new CanarySimulator({ seed, incidents, authToken: `token-of-console-${seed}` });
  simulators.push(simulator);
  const url = await simulator.start();
  return {
    simulator,
    env: { CANARY_BASE_URL: url, CANARY_AUTH_TOKEN: simulator.options.authToken },
    name: `127.0.0.1-${new URL(url).port}`,
  };
}

const records = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { source: string; console: string; canary: { updated_id?: number } });

describe('the output folder', () => {
  it.concurrent('a folder holding files it did not write is refused and left as it was', async () => {
    const cwd = workDir();
    mkdirSync(join(cwd, 'mine'));
    writeFileSync(join(cwd, 'mine', 'notes.txt'), 'keep me');
    const result = await cli(['run', '--once', '--out', 'mine'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--out mine holds files canary-collector did not write: .*nothing was changed/,
    );
    expect(readFileSync(join(cwd, 'mine', 'notes.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(cwd, 'mine', OUT_MARKER))).toBe(false);
  });

  it.concurrent('--out pointing at a working tree (with .git) is refused, nothing deleted', async () => {
    const cwd = workDir();
    mkdirSync(join(cwd, '.git'));
    writeFileSync(join(cwd, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(cwd, 'README.md'), '# mine\n');
    const result = await cli(['run', '--once', '--out', cwd], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(readFileSync(join(cwd, '.git', 'HEAD'), 'utf8')).toContain('refs/heads/main');
    expect(existsSync(join(cwd, 'README.md'))).toBe(true);
  });

  it.concurrent('its own folder: a rerun replaces only its own file, and keeps a file added there', async () => {
    const cwd = workDir();
    const first = await cli(['run', '--once', '--incidents', '20'], { cwd });
    expect(first.code).toBe(0);
    expect(existsSync(join(cwd, 'out', OUT_MARKER))).toBe(true);
    writeFileSync(join(cwd, 'out', 'analysis.txt'), 'mine');
    const second = await cli(['run', '--once', '--incidents', '30'], { cwd });
    expect(second.code).toBe(0);
    const incidents = records(join(cwd, 'out', 'simulator.ndjson')).filter((r) => r.source === 'incident');
    expect(incidents).toHaveLength(30);
    expect(readFileSync(join(cwd, 'out', 'analysis.txt'), 'utf8')).toBe('mine');
  });
});

describe('two real consoles, one after the other', () => {
  it('keep their own checkpoints, output files and names; status and reset --local work per console', async () => {
    const cwd = workDir();
    const a = await console(11, 300);
    const b = await console(12, 120);
    const runA = await cli(['run', '--once'], { cwd, env: a.env });
    expect(runA.code).toBe(0);
    expect(runA.stdout).toContain(`console "${a.name}"`);
    const runB = await cli(['run', '--once'], { cwd, env: b.env });
    expect(runB.code).toBe(0);
    // the second console starts from nothing: every incident, every audit entry, a first snapshot
    expect(runB.stdout).toMatch(/incidents: 120 records sent/);
    expect(runB.stdout).toMatch(/audit-trail: 40 records sent/);
    expect(runB.stdout).toMatch(/birds: 12 records sent/);
    const fileA = records(join(cwd, 'out', `${a.name}.ndjson`));
    const fileB = records(join(cwd, 'out', `${b.name}.ndjson`));
    expect(fileA.filter((r) => r.source === 'incident')).toHaveLength(300);
    expect(fileB.filter((r) => r.source === 'incident')).toHaveLength(120);
    expect(new Set(fileA.map((r) => r.console))).toEqual(new Set([a.name]));
    expect(new Set(fileB.map((r) => r.console))).toEqual(new Set([b.name]));

    // a restart resumes: nothing new from A
    const againA = await cli(['run', '--once'], { cwd, env: a.env });
    expect(againA.stdout).toMatch(/incidents: 0 records sent/);

    const status = await cli(['status', '--local'], { cwd });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      `${a.name}/incidents: checkpoint {"maxUpdatedId":300,"eventCounts":"<3001 bytes>"}`,
    );
    expect(status.stdout).toContain(
      `${b.name}/incidents: checkpoint {"maxUpdatedId":120,"eventCounts":"<1201 bytes>"}`,
    );

    const reset = await cli(['reset', b.name, 'all', '--local'], { cwd });
    expect(reset.code).toBe(0);
    expect(reset.stdout.match(/checkpoint reset/g)).toHaveLength(4);
    const againB = await cli(['run', '--once'], { cwd, env: b.env });
    // collected again into the same file: every record is one it already held, and says so
    expect(againB.stdout).toMatch(
      /incidents: 120 records sent \(120 received, 120 duplicates \(120 re-delivered: already in the output\)/,
    );
    const afterReset = await cli(['run', '--once'], { cwd, env: a.env });
    expect(afterReset.stdout).toMatch(/incidents: 0 records sent/);

    const unknown = await cli(['reset', 'nope', 'incidents', '--local'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      `no local state for console "nope"; nothing was reset (local consoles: ${[a.name, b.name].sort().join(', ')})`,
    );
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('one console’s state cannot be opened by two processes at once', async () => {
    const cwd = workDir();
    const a = await console(13, 100);
    // the first run's first request hangs for 5 s (then fails once and is retried): it holds the state
    a.simulator.inject({ path: '/incidents/all', delayMs: 5000, status: 503 });
    const first = spawnScript('cli/main.ts', ['run', '--once'], { cwd, env: a.env });
    const firstDone = finished(first);
    let banner = '';
    first.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString('utf8');
    });
    while (!banner.includes('canary-collector: console')) await new Promise((r) => setTimeout(r, 50));
    const second = await cli(['run', '--once'], { cwd, env: a.env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /in use by another canary-collector \(pid \d+, running since \d\d:\d\d:\d\d UTC\): stop it first/,
    );
    expect((await firstDone).code).toBe(0);
  });

  it('two simulator runs in one folder cannot write into one output file at once', async () => {
    const cwd = workDir();
    const first = spawnScript('cli/main.ts', ['run', '--incidents', '5'], { cwd });
    const firstDone = finished(first);
    let banner = '';
    first.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString('utf8');
    });
    while (!banner.includes('canary-collector: simulated')) await new Promise((r) => setTimeout(r, 50));
    const second = await cli(['run', '--once'], { cwd });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/console "simulator" is in use by another canary-collector/);
    first.kill('SIGINT');
    expect((await firstDone).code).toBe(0);
  });

  it('a lease a live run holds is not taken: --once exits 1 naming the holder and until when', async () => {
    const cwd = workDir();
    const a = await console(14, 30);
    // this test's own process stands for the live run that holds the incidents lease
    const owner = `canary-collector pid ${process.pid} on ${hostname()}`;
    const until = Date.now() + 10 * 60_000;
    const seeded = await finished(
      spawnScript('test/support/seedLease.ts', [a.name, 'incidents', owner, String(until)], { cwd }),
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    const result = await cli(['run', '--once'], { cwd, env: a.env });
    expect(result.code).toBe(1);
    const at = new Date(until).toISOString().replace('T', ' ').slice(0, 19);
    expect(result.stdout).toContain(`[incidents] skipped: its lease is held by ${owner} until ${at} UTC`);
    expect(result.stdout).toMatch(/audit-trail: 40 records sent/);
    expect(result.stdout).toMatch(/1 failed runs/);
  });
});

describe('long work', () => {
  it('--once drains a backlog over many runs and exits 0', async () => {
    const cwd = workDir();
    // each run stops after about 50 ms of its 60 s local budget, so 3,000 incidents take many runs
    const result = await cli(['run', '--once', '--incidents', '3000'], {
      cwd,
      env: { PAGE_SIZE: '100', TIME_MARGIN_MS: '59950' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout.match(/\(more to read\)/g)?.length ?? 0).toBeGreaterThan(2);
    const incidents = records(join(cwd, 'out', 'simulator.ndjson')).filter((r) => r.source === 'incident');
    expect(new Set(incidents.map((r) => r.canary.updated_id)).size).toBe(3000);
  });

  it('shows progress while it works, and one Ctrl-C in a terminal under npm start stops at the last delivered page (exit 3)', async () => {
    const cwd = workDir();
    const a = await console(15, 20_000);
    const env = { ...a.env, PAGE_SIZE: '100', CANARY_STATE_DIR: join(cwd, '.local') };
    // ^C in a pseudo-terminal: SIGINT reaches npm and node together, and npm forwards it once more
    const pressed = await npmInTerminal(['start', '--', '--once', '--out', join(cwd, 'out')], {
      when: / {2}incidents: [\d,]+ records, [\d,]+ records\/s, \d+ pages/,
      env,
    });
    const shown = pressed.output;
    // (how fast it stops is measured for the report, not asserted here)
    expect(pressed.code, shown).toBe(3);
    expect(shown).toMatch(/records\/s, \d+ pages/);
    expect(shown).toContain('stopping after the page in flight');
    expect(shown).toMatch(/done: \d+ records written/);
    expect(shown).toContain('stopped with more to read');
    const checkpoint = Number(/checkpoint \{"maxUpdatedId":(\d+),/.exec(shown)?.[1]);
    const file = join(cwd, 'out', `${a.name}.ndjson`);
    const incidents = records(file).filter((r) => r.source === 'incident');
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(20_000);
    expect(incidents).toHaveLength(checkpoint);
    // the lease was given back: status shows it free, and the next run neither waits nor re-delivers
    const status = await cli(['status', '--local'], { cwd, env: { CANARY_STATE_DIR: join(cwd, '.local') } });
    expect(status.stdout).toMatch(
      new RegExp(`${a.name}/incidents: checkpoint \\{"maxUpdatedId":${checkpoint},.*lease free`),
    );
    const resumed = await cli(['run', '--once', '--out', join(cwd, 'out')], {
      cwd,
      env: { ...env, PAGE_SIZE: undefined },
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toMatch(/took over|skipped|re-delivered/);
    const all = records(file).filter((r) => r.source === 'incident');
    expect(new Set(all.map((r) => r.canary.updated_id)).size).toBe(20_000);
    expect(all).toHaveLength(20_000);
  }, 120_000);

  it('a second Ctrl-C pressed later forces the exit; the next run takes over the lease it left', async () => {
    const cwd = workDir();
    const a = await console(16, 50);
    // the first page hangs for 20 s: only a forced exit ends the run before it answers
    a.simulator.inject({ path: '/incidents/all', delayMs: 20_000, status: 503 });
    const env = { ...a.env, CANARY_STATE_DIR: join(cwd, '.local') };
    const pressed = await npmInTerminal(['start', '--', '--once', '--out', join(cwd, 'out')], {
      when: / {2}incidents: 0 records/,
      secondAfterS: 1.5,
      env,
    });
    expect(pressed.code, pressed.output).toBe(130);
    expect(pressed.output).toContain('stopping after the page in flight (Ctrl-C again to force)');
    expect(pressed.output).not.toContain('done:');
    a.simulator.clearFaults();
    const next = await cli(['run', '--once', '--out', join(cwd, 'out')], { cwd, env });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(
      /\[incidents\] took over the lease of canary-collector pid \d+ on .* \(held until .*\): that run is gone/,
    );
    expect(next.stdout).toMatch(/incidents: 50 records sent/);
  }, 120_000);
});

describe('live simulator', () => {
  it('changes all four sources: new incidents and audit entries, a bird_change, token changes', async () => {
    const cwd = workDir();
    const child = spawnScript(
      'cli/main.ts',
      ['run', '--interval', '1', '--snapshot-interval', '10', '--incidents', '5'],
      { cwd },
    );
    const done = finished(child);
    const file = join(cwd, 'out', 'simulator.ndjson');
    const sources = () => (existsSync(file) ? records(file).map((r) => r.source) : []);
    const started = Date.now();
    while (!sources().includes('bird_change') && Date.now() - started < 40000) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
    const seen = sources();
    expect(new Set(seen)).toEqual(new Set(['incident', 'audit', 'bird', 'bird_change', 'token']));
    expect(seen.filter((s) => s === 'incident').length).toBeGreaterThan(5);
    expect(seen.filter((s) => s === 'audit').length).toBeGreaterThan(40);
    // a second tokens snapshot was taken, with the console's tokens changed in between
    expect(seen.filter((s) => s === 'token').length).toBeGreaterThan(24);
  }, 60_000);

  it('with --push, the simulator’s webhooks reach the local receiver: alerts beside the polled incidents', async () => {
    const cwd = workDir();
    const child = spawnScript('cli/main.ts', ['run', '--push', '--interval', '1', '--incidents', '5'], {
      cwd,
    });
    const done = finished(child);
    const file = join(cwd, 'out', 'simulator.ndjson');
    const lines = () =>
      existsSync(file) ? (records(file) as unknown as Array<Record<string, unknown>>) : [];
    const started = Date.now();
    const alerted = () => lines().filter((r) => r.source === 'alert' && r.event_kind === 'new');
    while (alerted().length < 2 && Date.now() - started < 40000)
      await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /push: the simulator posts its webhooks to http:\/\/127\.0\.0\.1:\d+\/simulator/,
    );
    const all = lines();
    // done: counts what the push receiver wrote too
    expect(Number(/done: (\d+) records written/.exec(result.stdout)?.[1])).toBe(all.length);
    expect(alerted().length).toBeGreaterThanOrEqual(2);
    // every attack's incident is told once as an alert, by push or by poll
    for (const alert of alerted().filter((r) => r.category === 'attack')) {
      const hash = (alert.normalized as { hash_id: string }).hash_id;
      const told = all.filter(
        (r) => (r.normalized as { hash_id?: string } | undefined)?.hash_id === hash && r.alert === true,
      );
      expect(told.length).toBe(1);
    }
    const refused = await cli(['run', '--push', '--once'], { cwd: workDir() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--push needs the live simulator');
  }, 60_000);
});
