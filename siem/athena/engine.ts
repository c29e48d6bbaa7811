import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbType, parseGlueType } from '../glue.ts';
import { type Column, JSON_TEXT, nativeTables, TABLES } from './tables.ts';

/**
 * DuckDB over the S3 layout under `root` (`canary/source=<source>/date=<day>/*.ndjson`), able to run
 * the Athena queries as they are. This is the one place where the two engines' spellings are bridged:
 * each table is a view over its partition folders with exactly the Glue table's columns (the stack
 * deploys the same `tables.json`; a query naming a column Glue lacks fails here too), `date` comes
 * from the folder names as text, as Athena's partition projection gives it (DuckDB would make it a
 * DATE), and the Presto functions the
 * queries use that DuckDB spells otherwise are macros: `from_iso8601_timestamp(s)`,
 * `regexp_like(s, pattern)`, `json_extract_scalar(json, path)` and `array_join(array, separator)`.
 */
export async function duckdbOverLayout(root: string): Promise<DuckDBConnection> {
  const connection = await bridgedConnection();
  const tables = nativeTables();
  for (const table of TABLES) {
    // a source type with nothing delivered (alert with push off) is an empty table, as in Athena
    if (!hasFiles(join(root, 'canary', `source=${table}`))) {
      const columns = tables[table]
        .map((c) => `"${c.name}" ${c.comment === JSON_TEXT ? 'JSON' : duckdbType(parseGlueType(c.type))}`)
        .join(', ');
      await connection.run(`CREATE TABLE canary_${table} (${columns}, "date" VARCHAR)`);
      continue;
    }
    // every object of the partitions: .ndjson locally, Firehose's GZIP objects (.gz) in a copy of S3
    const files = join(root, 'canary', `source=${table}`, '*', '*').replaceAll("'", "''");
    await connection.run(
      `CREATE VIEW canary_${table} AS SELECT * FROM read_json('${files}', format = 'newline_delimited', hive_partitioning = true, hive_types = {'date': 'VARCHAR'}, maximum_object_size = 16777216, columns = {${duckdbColumns(tables[table])}})`,
    );
  }
  return connection;
}

/**
 * DuckDB over plain record files (what `run` writes without `--partitioned`: `<out>/<console>.ndjson`,
 * every source in one file), with the same tables as `duckdbOverLayout`: each is the file's records
 * of its source, with the Glue table's columns and `date` taken from the record's time.
 */
export async function duckdbOverRecords(files: string[]): Promise<DuckDBConnection> {
  const connection = await bridgedConnection();
  const tables = nativeTables();
  const list = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ');
  for (const table of TABLES) {
    await connection.run(
      `CREATE VIEW canary_${table} AS SELECT *, substr(CAST("time" AS VARCHAR), 1, 10) AS "date" FROM read_json([${list}], format = 'newline_delimited', maximum_object_size = 16777216, columns = {${duckdbColumns(tables[table])}}) WHERE "source" = '${table}'`,
    );
  }
  return connection;
}

/** A connection with the Presto functions the queries use, spelled as DuckDB has them. */
async function bridgedConnection(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)');
  await connection.run('CREATE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)');
  await connection.run('CREATE MACRO json_extract_scalar(j, path) AS json_extract_string(j, path)');
  await connection.run('CREATE MACRO array_join(list, separator) AS array_to_string(list, separator)');
  return connection;
}

/** Whether a table's folder holds a file in one of its partitions (`date=…/<file>`). */
function hasFiles(folder: string): boolean {
  if (!existsSync(folder)) return false;
  return readdirSync(folder).some((partition) => {
    const path = join(folder, partition);
    return (
      statSync(path).isDirectory() && readdirSync(path).some((file) => statSync(join(path, file)).isFile())
    );
  });
}

function duckdbColumns(columns: Column[]): string {
  return columns
    .map((c) => {
      const type = c.comment === JSON_TEXT ? 'JSON' : duckdbType(parseGlueType(c.type));
      return `"${c.name}": '${type}'`;
    })
    .join(', ');
}

/**
 * Runs `sql` and returns its rows as plain objects (numbers, strings, booleans). `params` are bound to
 * its `?` in order, as strings: as Athena's execution parameters bind them (the report's queries).
 */
export async function rows(
  connection: DuckDBConnection,
  sql: string,
  params?: string[],
): Promise<Array<Record<string, unknown>>> {
  const reader = await connection.runAndReadAll(sql, params);
  // The JSON form writes BIGINTs (every count(*)) as strings, to keep values beyond 2^53 exact;
  // counts a person reads are numbers, so the ones that fit are made numbers again.
  const exact = reader.getRowObjectsJS();
  return (reader.getRowObjectsJson() as Array<Record<string, unknown>>).map((row, i) => {
    for (const [key, value] of Object.entries(exact[i] ?? {})) {
      if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) row[key] = Number(value);
    }
    return row;
  });
}
