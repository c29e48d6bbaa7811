import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { sqlFiles } from '../athena/queries.ts';
import { duckdbType, parseGlueType } from '../glue.ts';
import { OCSF_CLASS_TABLES, ocsfGlueSchemas } from './schemas.ts';

/** The shipped Security Lake queries: `siem/securitylake/<name>.sql`, over `ocsf_<class>` tables. */
export function securityLakeQueries(): Array<{ name: string; sql: string }> {
  return sqlFiles(new URL('.', import.meta.url));
}

/**
 * DuckDB over the OCSF events each class's stream received (NDJSON files by class), as tables
 * `ocsf_<class>` with exactly the columns of the Glue table Firehose converts with, so the queries
 * see what Parquet in Security Lake holds. Athena's `from_unixtime` is a macro here.
 */
export async function duckdbOverClasses(files: Record<number, string>): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('CREATE MACRO from_unixtime(s) AS to_timestamp(s)');
  const schemas = ocsfGlueSchemas();
  for (const table of OCSF_CLASS_TABLES) {
    const file = files[table.classUid];
    const columns = schemas.classes[String(table.classUid)]?.columns;
    if (file === undefined || columns === undefined) continue;
    const spelled = columns.map((c) => `"${c.name}": '${duckdbType(parseGlueType(c.type))}'`).join(', ');
    await connection.run(
      `CREATE TABLE ocsf_${table.name} AS SELECT * FROM read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited', maximum_object_size = 16777216, columns = {${spelled}})`,
    );
  }
  return connection;
}
