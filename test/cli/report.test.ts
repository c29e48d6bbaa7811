import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEmulator } from '#fakes/emulators/athena.ts';
import { AwsJsonServer } from '#fakes/emulators/awsJson.ts';
import { ALL_SINCE, ALL_UNTIL, REPORT_QUERIES } from '#siem/report/model.ts';
import { type RenderedReport, renderReport } from '../support/browser.ts';
import { cli, ROOT, STACK_LINE, workDir } from '../support/cli.ts';
import { localRun } from '../support/localRun.ts';
import { expectedReport } from '../support/reportExpect.ts';

type Rec = Parameters<typeof expectedReport>[0][number];

let local: Awaited<ReturnType<typeof localRun>>;
let records: Rec[];
let layout: string;
const cwd = workDir();
const HOSTILE = '<img src=x onerror=alert(1)>';

/**
 * `canary-collector report` through the real CLI, over a simulator data set with attacks across
 * several Canaries (and one address sweeping them), Canarytoken triggers, Canaries offline, and audit
 * changes (users, API keys, settings; one user name is markup). The report is opened in headless
 * Chromium and every headline figure and table row it renders is compared with a count made in code
 * from the records themselves (test/support/reportExpect.ts), not from the SQL.
 */
beforeAll(async () => {
  local = await localRun({ simulator: { incidents: 1500, seed: 13 }, partitioned: true });
  const simulator = local.simulator;
  simulator.store.add(8, { logtype: 4002, src: '203.0.113.7' });
  simulator.store.add(3, { logtype: 2000, src: '198.51.100.23' });
  const [a, b] = simulator.devices.ids() as [string, string];
  const hoursAgo = Math.floor(Date.now() / 1000) - 30 * 3600;
  simulator.devices.setLive(a, false, hoursAgo);
  simulator.devices.setLive(b, false, hoursAgo - 3600);
  simulator.audit.add(1, {
    action_type: 'api_key_add',
    message: "User 'mallory@corp.example' added an API key",
    user: 'mallory@corp.example',
  });
  simulator.audit.add(1, { action_type: 'user_add', message: `User '${HOSTILE}' was added`, user: HOSTILE });
  simulator.audit.add(1, {
    action_type: 'user_remove',
    message: "User 'bob@corp.example' was removed",
    user: 'alice@corp.example',
  });
  simulator.audit.add(1, {
    action_type: 'settings_change',
    message: 'Console settings changed',
    user: 'alice@corp.example',
  });
  await local.invoke();
  for (const source of ['audit-trail', 'birds', 'tokens'] as const) await local.run(source);
  records = local.records() as unknown as Rec[];
  layout = local.stack.firehose.outDir;
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

async function report(args: string[], env: Record<string, string> = {}) {
  const file = join(workDir(), 'report.html');
  const result = await cli(['report', '--file', file, ...args], { cwd, env });
  return { ...result, file };
}

function expectRendered(page: RenderedReport, since: string, until: string, only?: string) {
  const expected = expectedReport(records, since, until, only);
  expect(page.requests).toEqual([]);
  expect(page.consoles).toEqual(expected.consoles);
  expect(page.figures).toEqual(expected.figures);
  expect(Object.keys(page.rows).sort()).toEqual(Object.keys(expected.rows).sort());
  for (const [table, rows] of Object.entries(expected.rows)) expect(page.rows[table], table).toEqual(rows);
  return expected;
}

describe('canary-collector report (DuckDB over local output)', () => {
  it('shows every figure and row the records hold, in Chromium, with nothing fetched', async () => {
    const result = await report(['--out', layout]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^report: \/.*\/report\.html \(\d+ KiB\): \d+ incidents, 1 console, from DuckDB over .*canary\/, in [\d.]+ s\n$/,
    );
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    const page = await renderReport(result.file, join(ROOT, 'reports', 'report.png'));
    const expected = expectRendered(page, ALL_SINCE, ALL_UNTIL);
    const name = local.stack.consoleName;
    // the data set holds what the report is for
    expect(Number(expected.figures[`console.${name}.birdsOffline`])).toBeGreaterThanOrEqual(2);
    expect(Number(expected.figures[`console.${name}.tokensTriggered`])).toBeGreaterThan(0);
    const sweep = expected.rows[`console.${name}.sources`]?.find((row) => row[0] === '203.0.113.7');
    expect(Number(sweep?.[1])).toBeGreaterThanOrEqual(3);
    const changed = (expected.rows[`console.${name}.changes`] ?? []).map((row) => row[1]);
    expect(changed).toEqual(
      expect.arrayContaining(['api_key_add', 'user_add', 'user_remove', 'settings_change']),
    );
  }, 60_000);

  it('shows what attackers typed as text: markup in a user name is neither run nor loaded', async () => {
    const result = await report(['--out', layout]);
    const html = readFileSync(result.file, 'utf8');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script/i);
    const page = await renderReport(result.file);
    const actors = Object.entries(page.rows)
      .filter(([table]) => table.endsWith('.changes'))
      .flatMap(([, rows]) => rows.map((row) => row[2]));
    expect(actors).toContain(HOSTILE);
    expect(page.requests).toEqual([]);
  }, 60_000);

  it('covers the range asked for, days as whole UTC days', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const result = await report(['--out', layout, '--from', '2026-01-01', '--to', today]);
    expect(result.code, result.stderr).toBe(0);
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString();
    expectRendered(await renderReport(result.file), '2026-01-01T00:00:00.000Z', until);
    const recent = await report(['--out', layout, '--from', `${today}T00:00:00Z`]);
    expect(recent.code, recent.stderr).toBe(0);
    const expected = expectRendered(await renderReport(recent.file), `${today}T00:00:00.000Z`, ALL_UNTIL);
    // only what the test added today: the sweep and the other address
    expect(expected.figures[`console.${local.stack.consoleName}.incidents`]).toBe('11');
  }, 60_000);

  it('reads the run’s own .ndjson file when there is no layout, with the same figures', async () => {
    const folder = workDir();
    writeFileSync(join(folder, 'records.ndjson'), readFileSync(local.outFile));
    const result = await report(['--out', folder]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/from DuckDB over .*records\.ndjson/);
    expectRendered(await renderReport(result.file), ALL_SINCE, ALL_UNTIL);
  }, 60_000);

  it('refuses what it cannot do, in one line, without a stack, and writes nothing', async () => {
    const ocsf = workDir();
    writeFileSync(
      join(ocsf, 'records.ndjson'),
      `${JSON.stringify({ metadata: { log_name: 'canary:incident' }, time: 1767225600000, class_uid: 2004 })}\n`,
    );
    const aFile = join(workDir(), 'notes.txt');
    writeFileSync(aFile, 'mine');
    const cases: Array<[string[], number, RegExp]> = [
      [['--from', '2026-02-30'], 2, /--from 2026-02-30 is not a date/],
      [['--to', '2026-01-05T10:00:00'], 2, /give a date \(2026-01-31\) or a date-time with its zone/],
      [['--from', '2026-03-01', '--to', '2026-02-01'], 2, /is not before --to/],
      [['--workgroup', 'w'], 2, /--workgroup, --database and --region go with --athena/],
      [['--athena', '--workgroup', 'w'], 2, /--athena needs --workgroup <name> and --database <name>/],
      [
        ['--athena', '--out', layout, '--workgroup', 'w', '--database', 'd'],
        2,
        /--out reads a local folder: not with --athena/,
      ],
      [
        ['--out', layout, '--console', 'nobody'],
        1,
        new RegExp(
          `no records of console "nobody" in this range .*; the consoles with incidents in it: ${local.stack.consoleName}$`,
          'm',
        ),
      ],
      [['--out', workDir()], 1, /holds no records .*: collect first \(npm start -- --once\)/],
      [['--out', join(cwd, 'nowhere')], 1, /there is no folder .*nowhere in .*: collect first/],
      [['--out', aFile], 2, /--out .*notes\.txt is a file: give the folder the records are in/],
      [
        ['--out', ocsf],
        1,
        /no record in the native format, the one the report reads \(records written with OUTPUT_FORMAT=ocsf or ecs are not\)/,
      ],
      [
        ['--out', layout, '--file', '/nonexistent/r.html'],
        2,
        /--file \/nonexistent\/r.html: there is no folder \/nonexistent/,
      ],
      [['--out', layout, '--file', ''], 2, /--file needs a file name/],
      [['--out', layout, '--to', '9999-12-31'], 2, /--to 9999-12-31: give a date between 1970 and 9998/],
      [['--out', layout, '--from', '0000-01-01'], 2, /give a date between 1970 and 9998/],
      [
        ['--out', layout, '--to', '1970-01-01T00:00:00Z'],
        2,
        /--to 1970-01-01T00:00:00Z is before every record/,
      ],
      [['--out', layout, '--file', join(workDir(), 'r.pdf')], 2, /the report is HTML, name it \.html/],
    ];
    for (const [args, code, message] of cases) {
      const result = await report(args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stdout).toBe('');
      expect(existsSync(result.file), args.join(' ')).toBe(false);
    }
  }, 60_000);

  it('reads a copy of the bucket: Firehose’s GZIP objects (.gz) in the layout, an empty partition folder', async () => {
    const copy = workDir();
    execFileSync('cp', ['-r', join(layout, 'canary'), copy]);
    for (const file of execFileSync('find', [join(copy, 'canary'), '-name', '*.ndjson'], { encoding: 'utf8' })
      .trim()
      .split('\n')) {
      execFileSync('gzip', [file]);
      renameSync(`${file}.gz`, file.replace(/\.ndjson$/, '-1-2026-12-06-abcdef.gz'));
    }
    mkdirSync(join(copy, 'canary', 'source=bird_change', 'date=2026-12-06'), { recursive: true });
    const result = await report(['--out', copy]);
    expect(result.code, result.stderr).toBe(0);
    expectRendered(await renderReport(result.file), ALL_SINCE, ALL_UNTIL);
  }, 60_000);

  it('never writes through what it did not make: a FIFO or a file left where its temporary file would be', async () => {
    const folder = workDir();
    const fifo = join(folder, 'pipe.html');
    execFileSync('mkfifo', [fifo]);
    const refused = await cli(['report', '--out', layout, '--file', fifo], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pipe\.html is not a file/);
    // a name someone could have prepared beside the report stays as it was
    const file = join(folder, 'r.html');
    writeFileSync(`${file}.partial`, 'not yours');
    const written = await cli(['report', '--out', layout, '--file', file], { cwd });
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(`${file}.partial`, 'utf8')).toBe('not yours');
    expect(readdirSync(folder).sort()).toEqual(['pipe.html', 'r.html', 'r.html.partial']);
  }, 60_000);

  it('writes a report of a quiet range, saying so (a month with nothing is news too)', async () => {
    const result = await report(['--out', layout, '--from', '1999-01-01', '--to', '2000-01-01']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/: 0 incidents, 0 consoles,/);
    const page = await renderReport(result.file);
    expect(page.consoles).toEqual([]);
    expect(readFileSync(result.file, 'utf8')).toMatch(/No records in this range\./);
    expect(readFileSync(result.file, 'utf8')).toMatch(/1999-01-01 to 2000-01-01/);
  }, 60_000);

  it('replaces a report it wrote, and refuses to overwrite any other file', async () => {
    const folder = workDir();
    const file = join(folder, 'mine.html');
    writeFileSync(file, '<html>my notes</html>');
    const refused = await cli(['report', '--out', layout, '--file', file], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /exists and is not a report this command wrote: give another --file \(nothing was changed\)/,
    );
    expect(readFileSync(file, 'utf8')).toBe('<html>my notes</html>');
    const own = join(folder, 'report.html');
    expect((await cli(['report', '--out', layout, '--file', own], { cwd })).code).toBe(0);
    const again = await cli(['report', '--out', layout, '--file', own, '--to', '2026-01-01'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(own, 'utf8')).toMatch(/2026-01-01/);
  }, 60_000);
});

describe('canary-collector report --athena (the Athena stand-in over the same layout)', () => {
  let server: AwsJsonServer;
  let athena: AthenaEmulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    athena = new AthenaEmulator({ root: layout, database: 'canary_db', workgroup: 'canary-queries' });
    server = new AwsJsonServer({ AmazonAthena: athena.handle });
    env = {
      AWS_ENDPOINT_URL_ATHENA: await server.start(),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
    };
  });
  afterAll(async () => {
    await athena?.close();
    await server?.stop();
  });

  it('runs the same SQL with the range as execution parameters, and the page shows the same', async () => {
    const before = athena.ran.length;
    const result = await report(
      ['--athena', '--workgroup', 'canary-queries', '--database', 'canary_db', '--from', '2026-01-01'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/from Athena workgroup canary-queries, database canary_db/);
    expectRendered(await renderReport(result.file), '2026-01-01T00:00:00.000Z', ALL_UNTIL);
    const ran = athena.ran.slice(before);
    expect(ran).toHaveLength(REPORT_QUERIES.length);
    for (const sql of ran) {
      // every parameter bound, as a quoted literal, in a WHERE clause (the stand-in refuses others)
      expect(sql).toContain(`< '${ALL_UNTIL}'`);
      expect(sql).toContain("('' = '' OR console = '')");
      if (!sql.includes('FROM canary_bird')) {
        expect(sql).toContain(">= '2026-01-01T00:00:00.000Z'");
        expect(sql).toContain(`"date" >= substr('2026-01-01T00:00:00.000Z', 1, 10)`);
      }
    }
  }, 60_000);

  it('says what to set when AWS has no region or no credentials (exit 1, one line)', async () => {
    const args = ['--athena', '--workgroup', 'canary-queries', '--database', 'canary_db'];
    const noRegion = await report(args, { AWS_EC2_METADATA_DISABLED: 'true' });
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toMatch(
      /no AWS region: set AWS_REGION \(or AWS_PROFILE with a region\), or give --region/,
    );
    const noCredentials = await report([...args, '--region', 'eu-west-1'], {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_ATHENA: env.AWS_ENDPOINT_URL_ATHENA as string,
    });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toMatch(/no AWS credentials: set AWS_PROFILE/);
    for (const result of [noRegion, noCredentials]) expect(result.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it('names Athena’s reason when a query fails (exit 1, no stack)', async () => {
    const result = await report(['--athena', '--workgroup', 'canary-queries', '--database', 'other_db'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Athena workgroup canary-queries, database other_db: AthenaQueryError: report_headline: Athena query .* failed: SCHEMA_NOT_FOUND/,
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
    const wrongGroup = await report(['--athena', '--workgroup', 'nope', '--database', 'canary_db'], env);
    expect(wrongGroup.code).toBe(1);
    expect(wrongGroup.stderr).toMatch(/InvalidRequestException: WorkGroup nope is not found/);
  }, 60_000);
});
