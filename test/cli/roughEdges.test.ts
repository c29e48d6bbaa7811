import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, finished, STACK_LINE, spawnScript, workDir } from '../support/cli.ts';

/**
 * The edges a new user finds outside a run: an `--out` that cannot be a folder, a reader that stops
 * reading (`| head`), the simulator started alone. Each is one line naming the fix, with exit 2 for
 * what was typed, and nothing started or created first.
 */

describe('--out is checked before anything is created or started', () => {
  const cases: Array<[string, RegExp]> = [
    // node's recursive mkdir spun here at 100% CPU: /proc answers ENOENT with the parent present
    [
      '/proc/canary-x/out',
      /--out \/proc\/canary-x\/out: cannot create \/proc\/canary-x \(this file system takes no new folders\): give a folder you can write to/,
    ],
    ['/dev/null/x', /--out \/dev\/null\/x: \/dev\/null is a file, not a folder: give a folder/],
    ['/dev/null', /--out \/dev\/null is a file, not a folder/],
  ];
  for (const [out, says] of cases) {
    it.concurrent(`run --once --out ${out}`, async () => {
      const result = await cli(['run', '--once', '--incidents', '1', '--out', out]);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(says);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stderr).not.toMatch(/unexpected error/);
      // refused before the simulator or the local stack started
      expect(result.stdout).toBe('');
    });
  }

  it.concurrent('a file in the middle of the path is named, and nothing is created beside it', async () => {
    const cwd = workDir();
    writeFileSync(join(cwd, 'notes'), 'mine\n');
    const result = await cli(['run', '--once', '--out', 'notes/a/b'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out notes\/a\/b: .*notes is a file, not a folder/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it.concurrent('a new nested folder is still made, with the marker', async () => {
    const cwd = workDir();
    const result = await cli(['run', '--once', '--incidents', '2', '--out', 'a/b/c'], { cwd });
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, 'a/b/c/.canary-collector-output'))).toBe(true);
    expect(existsSync(join(cwd, 'a/b/c/simulator.ndjson'))).toBe(true);
  });
});

describe('a reader that stops reading (| head) ends the CLI quietly', () => {
  // The read end is closed before the child has even started node, so every write it makes meets
  // EPIPE: the case of `| head` once head has what it wants, without a race.
  const cases: Array<[string[], number]> = [
    [['--help'], 0],
    [['status', '--local'], 0],
    [['run', '--help'], 0],
    [['--version'], 0],
  ];
  for (const [args, code] of cases) {
    it.concurrent(`canary-collector ${args.join(' ')} with its stdout closed`, async () => {
      const child = spawnScript('cli/main.ts', args);
      child.stdout?.destroy();
      const result = await finished(child);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(code);
    });
  }

  it.concurrent('a usage mistake with stderr closed still exits 2, silently', async () => {
    const child = spawnScript('cli/main.ts', ['run', '--bogus']);
    child.stderr?.destroy();
    const result = await finished(child);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});

describe('the simulator started alone (docs/development.md)', () => {
  const simulator = (args: string[]) => finished(spawnScript('fakes/simulator/main.ts', args));

  it.concurrent('--help lists its options and exits 0', async () => {
    const result = await simulator(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npx tsx fakes\/simulator\/main.ts/);
    expect(result.stdout).toMatch(/--variants <list>/);
    expect(result.stderr).toBe('');
  });

  const mistakes: Array<[string[], RegExp]> = [
    [['--bogus'], /^simulator: Unknown option '--bogus'$/],
    [['--incidents', 'many'], /^simulator: --incidents takes a whole number from 0 to \d+, not "many"$/],
    [['--port', '70000'], /^simulator: --port takes a whole number from 0 to 65535, not "70000"$/],
    [
      ['--after-id', 'sideways'],
      /^simulator: --after-id is one of ascending, descending, ignored, not "sideways"$/,
    ],
    [['--variants', 'no-such-variant'], /^simulator: unknown reply variants: no-such-variant$/],
  ];
  for (const [args, says] of mistakes) {
    it.concurrent(`${args.join(' ')}: one line and a hint, exit 2`, async () => {
      const result = await simulator(args);
      expect(result.code).toBe(2);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(says);
      expect(lines[1]).toBe('  → npx tsx fakes/simulator/main.ts --help lists the options');
      expect(lines).toHaveLength(2);
      expect(result.stdout).toBe('');
    });
  }
});
