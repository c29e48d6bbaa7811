import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** The shipped Athena queries: `siem/athena/<name>.sql`, the text the stack deploys as named queries. */
export function athenaQueries(): Array<{ name: string; sql: string }> {
  const dir = new URL('.', import.meta.url);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: file.replace(/\.sql$/, ''), sql: readFileSync(new URL(file, dir), 'utf8') }));
}

/** One table per source type, as the Glue database has them. */
export const TABLES = ['incident', 'incident_event', 'audit', 'bird', 'bird_change', 'token'] as const;

/**
 * DuckDB over the S3 layout under `root` (`canary/source=<source>/date=<day>/*.ndjson`), able to run
 * the Athena queries as they are. This is the one place where the two engines' spellings are bridged:
 * each table is a view over its partition folders (Athena: a Glue table with partition projection), and
 * the Presto functions the queries use that DuckDB spells otherwise are defined as macros:
 * `from_iso8601_timestamp(s)` and `regexp_like(s, pattern)`.
 */
export async function duckdbOverLayout(root: string): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)');
  await connection.run('CREATE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)');
  for (const table of TABLES) {
    if (!existsSync(join(root, 'canary', `source=${table}`))) continue;
    const files = join(root, 'canary', `source=${table}`, '*', '*.ndjson').replaceAll("'", "''");
    await connection.run(
      `CREATE VIEW canary_${table} AS SELECT * FROM read_json_auto('${files}', format = 'newline_delimited', hive_partitioning = true, union_by_name = true, maximum_object_size = 16777216)`,
    );
  }
  return connection;
}

/** Runs `sql` and returns its rows as plain objects (numbers, strings, booleans). */
export async function rows(
  connection: DuckDBConnection,
  sql: string,
): Promise<Array<Record<string, unknown>>> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
}
