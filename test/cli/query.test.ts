import { beforeAll, describe, expect, it } from 'vitest';
import { athenaQueries } from '#siem/athena/queries.ts';
import { cli, finished, spawnScript, workDir } from '../support/cli.ts';

/**
 * `npm run query -- <name>` as the README writes it: the shipped Athena queries on DuckDB over the
 * layout a `--once --partitioned` run wrote, from the folder the run was in (no --out given).
 */
const names = athenaQueries().map((q) => q.name);
const cwd = workDir();
const query = (args: string[], from = cwd) => finished(spawnScript('scripts/query.ts', args, { cwd: from }));

beforeAll(async () => {
  const run = await cli(['run', '--once', '--partitioned', '--incidents', '60'], { cwd });
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

/** The query names of the `<name>: <n> rows in <ms> ms` lines, in order. */
const ran = (stdout: string) => [...stdout.matchAll(/^(\w+): \d+ rows in \d+ ms$/gm)].map((m) => m[1]);

describe('npm run query', () => {
  it('runs exactly the one named (not all of them: argument 0 was dropped without --out)', async () => {
    const result = await query(['token_triggered']);
    expect(result.code, result.stderr).toBe(0);
    expect(ran(result.stdout)).toEqual(['token_triggered']);
  });

  it('runs exactly the two named, and every one with none named', async () => {
    const two = await query(['canary_offline', 'token_triggered', '--out', 'out']);
    expect(ran(two.stdout)).toEqual(['canary_offline', 'token_triggered']);
    const all = await query([]);
    expect(ran(all.stdout)).toEqual(names);
  });

  it('prints counts as numbers, not strings', async () => {
    const result = await query(['incidents_per_canary_per_day']);
    const first = result.stdout.split('\n')[1] ?? '';
    const row = JSON.parse(first.trim()) as { incidents: unknown };
    expect(typeof row.incidents).toBe('number');
  });

  it('refuses an unknown name with the list of names, exit 2, and runs nothing', async () => {
    const result = await query(['token_trigered']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`npm run query: unknown query token_trigered: one of ${names.join(', ')}\n`);
    expect(result.stdout).toBe('');
  });

  it('says what to run first where there is nothing to query (exit 1)', async () => {
    const result = await query(['token_triggered'], workDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no out\/canary: run npm start -- --once --partitioned first/);
  });

  it('refuses an unknown option (exit 2)', async () => {
    const result = await query(['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^npm run query: Unknown option '--bogus'/);
  });
});
