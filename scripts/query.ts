import { existsSync } from 'node:fs';
import { duckdbOverLayout, rows } from '#siem/athena/engine.ts';
import { athenaQueries } from '#siem/athena/queries.ts';

/**
 * `npm run query -- [<name>] [--out <folder>]`: runs the shipped Athena queries (all, or the one
 * named) on DuckDB over the layout `npm start -- --partitioned` wrote, and prints each one's row count,
 * run time and first rows.
 */
const args = process.argv.slice(2);
const at = args.indexOf('--out');
const out = at >= 0 ? (args[at + 1] ?? 'out') : 'out';
const names = args.filter((arg, i) => !arg.startsWith('--') && i !== at + 1);
if (!existsSync(`${out}/canary`)) {
  process.stderr.write(`no ${out}/canary: run npm start -- --once --partitioned first\n`);
  process.exit(1);
}
const known = athenaQueries();
const unknown = names.filter((name) => !known.some((q) => q.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown query ${unknown.join(', ')}: one of ${known.map((q) => q.name).join(', ')}\n`,
  );
  process.exit(2);
}
const connection = await duckdbOverLayout(out);
for (const { name, sql } of known.filter((q) => names.length === 0 || names.includes(q.name))) {
  const started = performance.now();
  const result = await rows(connection, sql);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${name}: ${result.length} rows in ${ms} ms\n`);
  for (const row of result.slice(0, 3)) process.stdout.write(`  ${JSON.stringify(row)}\n`);
}
connection.closeSync();
