import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { REPORT_GENERATOR, reportHtml } from '#siem/report/html.ts';
import { ALL_SINCE, ALL_UNTIL, buildReport, type ReportEngine } from '#siem/report/model.ts';
import { CliError, parseCommand, UsageError } from '../args.ts';
import { awsProblem } from './operator.ts';

const DEFAULT_FILE = 'canary-report.html';

/**
 * `canary-collector report`: one HTML file of what the Canaries saw, from the shipped report SQL run by
 * DuckDB over a local output folder, or by Athena in a deployment (`--athena`).
 */
export async function reportCommand(argv: string[]): Promise<number | 'help'> {
  const { values } = parseCommand(argv, {
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    console: { type: 'string' },
    file: { type: 'string' },
    athena: { type: 'boolean' },
    workgroup: { type: 'string' },
    database: { type: 'string' },
    region: { type: 'string' },
  });
  if (values.help === true) return 'help';
  const started = performance.now();
  const since = values.from === undefined ? ALL_SINCE : instant(String(values.from), 'from');
  const until = values.to === undefined ? ALL_UNTIL : instant(String(values.to), 'to', true);
  if (Date.parse(since) >= Date.parse(until)) {
    throw new UsageError(
      values.from === undefined
        ? `--to ${values.to} is before every record (1970)`
        : values.to === undefined
          ? `--from ${values.from} is after the last time a record can carry`
          : `--from ${values.from} is not before --to ${values.to}`,
    );
  }
  const consoleName = values.console === undefined ? undefined : String(values.console);
  if (consoleName === '') throw new UsageError('--console needs a name');
  const file = String(values.file ?? DEFAULT_FILE);
  refuseForeignFile(file);
  const athena = values.athena === true;
  if (
    !athena &&
    (values.workgroup !== undefined || values.database !== undefined || values.region !== undefined)
  ) {
    throw new UsageError('--workgroup, --database and --region go with --athena');
  }
  if (athena && values.out !== undefined)
    throw new UsageError('--out reads a local folder: not with --athena');

  const { engine, close, probe } = athena
    ? await athenaEngine(values.workgroup, values.database, values.region)
    : await localEngine(String(values.out ?? 'out'));
  let html: string;
  let summary: string;
  // a query that failed (Athena's reason, a permission, a file DuckDB cannot read) is the report's
  // failure to name in one line, not a crash
  const failed = (error: unknown): never => {
    if (error instanceof CliError) throw error;
    const aws = awsProblem(error, {
      service: 'Athena',
      region: typeof values.region === 'string' ? values.region : process.env.AWS_REGION,
      permissionsDoc: 'docs/report.md',
    });
    if (aws instanceof CliError) throw aws;
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`${engine.describe}: ${name === 'Error' ? '' : `${name}: `}${message}`);
  };
  try {
    const report = await buildReport(engine, { since, until, console: consoleName }, new Date()).catch(
      failed,
    );
    if (report.consoles.length === 0 && probe !== undefined && !(await probe().catch(failed))) {
      throw new CliError(
        `${engine.describe}: no record in the native format, the one the report reads (records written with OUTPUT_FORMAT=ocsf or ecs are not)`,
      );
    }
    if (consoleName !== undefined && report.consoles.length === 0) {
      // the consoles with incidents in the range: one query, not the whole report again
      const headlines = await engine.query('report_headline', { since, until, console: '' }).catch(failed);
      const names = headlines.map((row) => row.console).filter((name) => typeof name === 'string');
      throw new CliError(
        `no records of console "${consoleName}" in this range (${engine.describe}); ${names.length === 0 ? 'no console has incidents in it' : `the consoles with incidents in it: ${names.join(', ')}`}`,
      );
    }
    html = reportHtml(report);
    const consoles = report.consoles.length;
    summary = `${report.fleet.headline.incidents} incidents, ${consoles} console${consoles === 1 ? '' : 's'}`;
  } finally {
    close();
  }
  // written whole or not at all: a reader never opens half a report. The file written first has a
  // name of its own, created afresh (never through a link someone left in its place), then renamed.
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    writeFileSync(partial, html, { flag: 'wx' });
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new CliError(`cannot write ${resolve(file)}: ${(error as Error).message}`);
  }
  const kib = Math.round(Buffer.byteLength(html) / 1024);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `report: ${resolve(file)} (${kib} KiB): ${summary}, from ${engine.describe}, in ${seconds} s\n`,
  );
  return 0;
}

/**
 * `2026-01-31` is that UTC day (its start for --from, the end of it for --to); a date-time must name
 * its zone (`2026-01-31T08:00:00Z`, `…+02:00`), as elsewhere in this CLI.
 */
function instant(value: string, option: string, endOfDay = false): string {
  const year = Number(value.slice(0, 4));
  if (/^\d{4}-/.test(value) && (year < 1970 || year > 9998)) {
    throw new UsageError(`--${option} ${value}: give a date between 1970 and 9998`);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== value) {
      throw new UsageError(`--${option} ${value} is not a date`);
    }
    return new Date(endOfDay ? start + 86_400_000 : start).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new UsageError(
      `--${option} ${value}: give a date (2026-01-31) or a date-time with its zone (2026-01-31T08:00:00Z)`,
    );
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--${option} ${value} is not a date-time`);
  return new Date(at).toISOString();
}

/** The report overwrites a report it wrote before, and nothing else; its folder must exist. */
function refuseForeignFile(file: string): void {
  if (file.trim() === '') throw new UsageError('--file needs a file name');
  if (!/\.html?$/i.test(file)) {
    throw new UsageError(`--file ${file}: the report is HTML, name it .html (a browser prints it to PDF)`);
  }
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`--file ${file}: there is no folder ${folder}`);
  }
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new UsageError(`--file ${file} is a folder: give a file name`);
  if (!statSync(file).isFile()) throw new UsageError(`--file ${file} is not a file: give a file name`);
  // its first bytes say whose it is (a large file is not read whole)
  const fd = openSync(file, 'r');
  const start = Buffer.alloc(600);
  const read = readSync(fd, start, 0, start.length, 0);
  closeSync(fd);
  const head = start.subarray(0, read).toString('utf8');
  if (!head.includes(`<meta name="generator" content="${REPORT_GENERATOR}">`)) {
    throw new UsageError(
      `${file} exists and is not a report this command wrote: give another --file (nothing was changed)`,
    );
  }
}

interface OpenedEngine {
  engine: ReportEngine;
  close: () => void;
  /** Whether the source holds any native record at all (asked only of a report that found none). */
  probe?: () => Promise<boolean>;
}

async function localEngine(folder: string): Promise<OpenedEngine> {
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new UsageError(`--out ${folder} is a file: give the folder the records are in`);
  }
  if (!existsSync(folder)) {
    throw new CliError(
      `there is no folder ${folder} in ${process.cwd()}: collect first (npm start -- --once), or give --out <folder>`,
    );
  }
  let duckdb: typeof import('#siem/report/duckdb.ts');
  try {
    duckdb = await import('#siem/report/duckdb.ts');
  } catch (error) {
    if (isMissingModule(error)) {
      throw new CliError(
        'the local report runs its SQL on DuckDB, which is not installed here: npm install @duckdb/node-api (or use --athena)',
      );
    }
    throw error;
  }
  const opened = await duckdb.DuckdbReportEngine.open(folder).catch((error: unknown) => {
    // DuckDB could not read the folder (a file it cannot parse): one line, the folder named
    throw new CliError(`${folder}: ${(error as Error).message.split('\n')[0]}`);
  });
  if ('missing' in opened) {
    throw new CliError(`${opened.missing}: collect first (npm start -- --once), or give --out <folder>`);
  }
  return { engine: opened, close: () => opened.close(), probe: () => opened.holdsNativeRecords() };
}

async function athenaEngine(
  workgroup: string | boolean | undefined,
  database: string | boolean | undefined,
  region: string | boolean | undefined,
): Promise<OpenedEngine> {
  if (typeof workgroup !== 'string' || typeof database !== 'string') {
    throw new UsageError(
      '--athena needs --workgroup <name> and --database <name> (the stack outputs AthenaWorkgroup and GlueDatabase)',
    );
  }
  const [{ AthenaClient }, { AthenaReportEngine }] = await Promise.all([
    import('@aws-sdk/client-athena'),
    import('#siem/report/athena.ts'),
  ]);
  const client = new AthenaClient(typeof region === 'string' ? { region } : {});
  return {
    engine: new AthenaReportEngine(client, { workgroup, database }),
    close: () => client.destroy(),
  };
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    String((error as Error).message).includes('@duckdb')
  );
}
