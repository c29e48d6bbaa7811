import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { duckdbOverLayout, rows } from '#siem/athena/engine.ts';
import { athenaQueries, parameterList } from '#siem/athena/queries.ts';
import { ALL_SINCE, ALL_UNTIL } from '#siem/report/model.ts';

/**
 * `npm run query -- [<name>...] [--out <folder>]`: runs the shipped Athena queries (all, or exactly the
 * ones named) on DuckDB over the layout `npm start -- --partitioned` wrote, and prints each one's row
 * count, run time and first rows. Exit 2 for a mistake on the command line, 1 when there is nothing
 * to query yet.
 */
const known = athenaQueries();
const names = known.map((q) => q.name);

function refuse(message: string, code: number): never {
  process.stderr.write(`npm run query: ${message}\n`);
  process.exit(code);
}

const USAGE = 'usage: npm run query -- [<name>...] [--out <folder>]';

function parseOptions() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return refuse(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`, 2);
  }
}
const parsed = parseOptions();
if (parsed.values.help === true) {
  process.stdout.write(`${USAGE}\nqueries: ${names.join(', ')}\n`);
  process.exit(0);
}
const asked = parsed.positionals;
const unknown = asked.filter((name) => !names.includes(name));
if (unknown.length > 0) refuse(`unknown query ${unknown.join(', ')}: one of ${names.join(', ')}`, 2);
const out = parsed.values.out ?? 'out';
if (!existsSync(`${out}/canary`)) refuse(`no ${out}/canary: run npm start -- --once --partitioned first`, 1);

const connection = await duckdbOverLayout(out);
for (const { name, sql } of known.filter((q) => asked.length === 0 || asked.includes(q.name))) {
  const started = performance.now();
  // the report's queries take a range and a console (report --help): here, every record of every console
  const result = await rows(
    connection,
    sql,
    parameterList(sql, { since: ALL_SINCE, until: ALL_UNTIL, console: '' }),
  );
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${name}: ${result.length} rows in ${ms} ms\n`);
  for (const row of result.slice(0, 3)) process.stdout.write(`  ${JSON.stringify(row)}\n`);
}
connection.closeSync();
