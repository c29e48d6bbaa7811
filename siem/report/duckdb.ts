import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbOverLayout, duckdbOverRecords, rows } from '../athena/engine.ts';
import { boundQuery, type ParameterValues } from '../athena/queries.ts';
import { TABLES } from '../athena/tables.ts';
import type { ReportEngine, ReportQueryName, Row } from './model.ts';

/**
 * The report's queries on DuckDB, over a local output folder: the S3 layout (`<folder>/canary/…`, as
 * `run --partitioned` writes it or as copied from the delivery bucket) when there is one, else the
 * folder's record files (`<folder>/*.ndjson`).
 */
export class DuckdbReportEngine implements ReportEngine {
  readonly describe: string;
  private readonly connection: DuckDBConnection;

  constructor(connection: DuckDBConnection, describe: string) {
    this.connection = connection;
    this.describe = describe;
  }

  /** Opens `folder`, or returns what it lacks: no layout and no record files. */
  static async open(folder: string): Promise<DuckdbReportEngine | { missing: string }> {
    if (existsSync(join(folder, 'canary'))) {
      return new DuckdbReportEngine(await duckdbOverLayout(folder), `DuckDB over ${join(folder, 'canary')}/`);
    }
    const files = existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.ndjson'))
          .sort()
          .map((name) => join(folder, name))
      : [];
    if (files.length === 0)
      return { missing: `${folder} holds no records (no canary/ layout, no .ndjson file)` };
    return new DuckdbReportEngine(
      await duckdbOverRecords(files),
      `DuckDB over ${files.length === 1 ? files[0] : `${files.length} files in ${folder}`}`,
    );
  }

  async query(name: ReportQueryName, values: ParameterValues): Promise<Row[]> {
    const { sql, params } = boundQuery(name, values);
    return rows(this.connection, sql, params);
  }

  /** Whether any table holds a record: records of another format (OCSF, ECS) fill none of them. */
  async holdsNativeRecords(): Promise<boolean> {
    const any = TABLES.map((table) => `EXISTS (SELECT 1 FROM canary_${table})`).join(' OR ');
    const [row] = await rows(this.connection, `SELECT ${any} AS found`);
    return row?.found === true;
  }

  close(): void {
    this.connection.closeSync();
  }
}
