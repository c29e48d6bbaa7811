import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { boundQuery, type ParameterValues } from '../athena/queries.ts';
import type { ReportEngine, ReportQueryName, Row } from './model.ts';

export interface AthenaReportOptions {
  /** The stack's workgroup (output AthenaWorkgroup): its results bucket and scan limit apply. */
  workgroup: string;
  /** The stack's Glue database (output GlueDatabase), where the `canary_*` tables are. */
  database: string;
  /** How long one query may take before the report gives up (default 10 minutes). */
  timeoutMs?: number;
  /** The first wait between status checks; it doubles up to 2 s (default 200 ms). */
  pollMs?: number;
  /** Rows per GetQueryResults call (default 1,000, Athena's most). */
  pageSize?: number;
}

/**
 * The report's queries on Athena: the same SQL text the stack saves as named queries, with the
 * range and console bound as execution parameters (Athena substitutes them as SQL literals, so each
 * is sent quoted). Rows come back as text; the report's schemas read numbers and booleans from it.
 */
export class AthenaReportEngine implements ReportEngine {
  readonly describe: string;
  private readonly client: AthenaClient;
  private readonly options: Required<AthenaReportOptions>;

  constructor(client: AthenaClient, options: AthenaReportOptions) {
    this.client = client;
    this.options = { timeoutMs: 600_000, pollMs: 200, pageSize: 1000, ...options };
    this.describe = `Athena workgroup ${options.workgroup}, database ${options.database}`;
  }

  async query(name: ReportQueryName, values: ParameterValues): Promise<Row[]> {
    const { sql, params } = boundQuery(name, values);
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.options.workgroup,
        QueryExecutionContext: { Database: this.options.database },
        ExecutionParameters: params.map(sqlLiteral),
      }),
    );
    const id = started.QueryExecutionId;
    if (id === undefined) throw new Error(`${name}: Athena returned no query execution id`);
    await this.finished(name, id);
    return this.results(id);
  }

  private async finished(name: string, id: string): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (let wait = this.options.pollMs; ; wait = Math.min(wait * 2, 2000)) {
      const { QueryExecution } = await this.client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state === 'FAILED' || state === 'CANCELLED') {
        throw new AthenaQueryError(
          `${name}: Athena query ${id} ${state.toLowerCase()}: ${QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`,
        );
      }
      if (Date.now() > deadline) {
        throw new AthenaQueryError(
          `${name}: Athena query ${id} still ${state ?? 'unknown'} after ${this.options.timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async results(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    let next: string | undefined;
    let header = true;
    do {
      const page = await this.client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: this.options.pageSize,
          NextToken: next,
        }),
      );
      const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      for (const row of page.ResultSet?.Rows ?? []) {
        // the first row of a SELECT's results is its column names
        if (header) {
          header = false;
          continue;
        }
        const out: Row = {};
        columns.forEach((column, i) => {
          out[column.Name ?? `_${i}`] = value(row.Data?.[i]?.VarCharValue, column.Type ?? 'varchar');
        });
        rows.push(out);
      }
      next = page.NextToken;
    } while (next !== undefined);
    return rows;
  }
}

export class AthenaQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AthenaQueryError';
  }
}

/** An execution parameter: Athena puts its text in the query as it is, so a string goes quoted. */
export function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A result value: Athena sends text, and no value at all for NULL. */
function value(text: string | undefined, type: string): unknown {
  if (text === undefined) return null;
  if (/^(bigint|integer|smallint|tinyint)$/.test(type)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (/^(double|real|float|decimal)/.test(type)) return Number(text);
  if (type === 'boolean') return text === 'true';
  return text;
}
