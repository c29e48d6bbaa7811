import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, finished, ROOT, STACK_LINE, workDir } from '../support/cli.ts';

/**
 * `canary-collector` as an installed command: the package npm packs from the clone (its `prepare`
 * builds dist/cli.js), with its production dependencies only, installed into a temporary global
 * prefix and run by name from another folder, as the README's `npm install -g .` does. No tsx, no
 * TypeScript source, no dev dependency is there to lean on.
 */
const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const DEV_ONLY = ['tsx', 'esbuild', 'typescript', 'vitest', '@biomejs', 'aws-cdk-lib'];

/** This environment without what an enclosing `npm test` sets (npm_config_*, its prefix, its cwd). */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv(extra);
  for (const key of Object.keys(env)) if (key.toLowerCase().startsWith('npm_')) delete env[key];
  return env;
}
const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--no-audit', '--no-fund'], { cwd, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });

const scratch = workDir();
const prefix = join(scratch, 'prefix');
const unpacked = join(scratch, 'package');
let packed: string[] = [];

beforeAll(async () => {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', scratch], ROOT);
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (info === undefined) throw new Error('npm pack printed no package');
  packed = info.files.map((f) => f.path);
  await run('tar', ['-xzf', join(scratch, info.filename), '-C', scratch]);
  // production dependencies only, from the lockfile and npm's cache (what `npm ci` in the clone fetched)
  copyFileSync(join(ROOT, 'package-lock.json'), join(unpacked, 'package-lock.json'));
  await npm(['ci', '--omit=dev', '--offline', '--ignore-scripts'], unpacked);
  // dist/cli.js is in the package already: its `prepare` has nothing to build (and no scripts/)
  await npm(['install', '-g', '--prefix', prefix, '--offline', '--ignore-scripts', unpacked], scratch);
}, 300_000);

/** Runs the installed command by name, found on PATH, from a folder of its own. */
function installed(args: string[], cwd = workDir()) {
  const env = npmEnv({ PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}` });
  return finished(spawn('canary-collector', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe('the installed canary-collector command', () => {
  it('is packed as one bundled file, the manifest and the docs: no TypeScript source', () => {
    expect(packed).toContain('dist/cli.js');
    expect(packed).toContain('package.json');
    expect(packed.filter((file) => file.endsWith('.ts'))).toEqual([]);
    // and the SQL the report runs (the same files the stack deploys as named queries)
    expect(packed).toEqual(
      expect.arrayContaining(['siem/athena/report_headline.sql', 'siem/athena/tables.json']),
    );
  });

  it('has only production dependencies beside it', () => {
    const modules = readdirSync(join(unpacked, 'node_modules'));
    expect(modules).toContain('dynalite');
    expect(DEV_ONLY.filter((name) => modules.includes(name))).toEqual([]);
  });

  it('is on the PATH and prints its help from another folder', async () => {
    const result = await installed(['--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^usage: canary-collector <command>/);
    expect(result.stderr).toBe('');
  });

  it('--version is package.json’s version', async () => {
    const result = await installed(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('status --local answers in a folder with no local state', async () => {
    const result = await installed(['status', '--local']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/no local state yet/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('runs a simulator pass end to end (the local stack from production dependencies)', async () => {
    const cwd = workDir();
    const result = await installed(['run', '--once', '--incidents', '5'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^done: \d+ records written to out\/simulator.ndjson$/m);
    expect(existsSync(join(cwd, 'out', 'simulator.ndjson'))).toBe(true);
    // the report from what it wrote: the shipped SQL beside the bundle, DuckDB from the dependencies
    const report = await installed(['report'], cwd);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(
      /^report: \/.*\/canary-report\.html \(\d+ KiB\): 5 incidents, 1 console, from DuckDB over out\/simulator\.ndjson/,
    );
    expect(readFileSync(join(cwd, 'canary-report.html'), 'utf8')).toMatch(
      /<meta name="generator" content="canary-collector report">/,
    );
  });
});

describe('npx canary-collector in the clone', () => {
  it('runs the bundle and leaves every tracked file’s mode as git has it', async () => {
    const { stdout } = await run('npx', ['--no-install', 'canary-collector', '--version'], {
      cwd: ROOT,
      env: npmEnv(),
    });
    expect(stdout).toBe(`${version}\n`);
    // npm makes a bin's target executable (that chmod of cli/main.ts dirtied git status): the
    // target is now the built, git-ignored dist/cli.js, and the sources keep git's mode
    const staged = await run('git', ['ls-files', '--stage', 'cli/main.ts'], { cwd: ROOT });
    const executable = (statSync(join(ROOT, 'cli/main.ts')).mode & 0o111) !== 0;
    expect(executable ? '100755' : '100644').toBe(staged.stdout.split(' ')[0]);
    await expect(
      run('git', ['check-ignore', '--quiet', 'dist/cli.js'], { cwd: ROOT }),
    ).resolves.toBeDefined();
  });
});
