import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbOverLayout } from '#siem/athena/engine.ts';
import { AwsError } from './awsJson.ts';

export interface AthenaEmulatorOptions {
  /** A folder holding the S3 layout (`<root>/canary/source=…/date=…/`), as the delivery bucket has it. */
  root: string;
  /** The one Glue database it knows. */
  database: string;
  /** The one workgroup it knows. */
  workgroup: string;
}

interface Execution {
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  reason?: string;
  columns?: Array<{ Name: string; Type: string }>;
  rows?: Array<Array<string | undefined>>;
  /** Status checks answered: the first says QUEUED, as Athena's first answers do. */
  checks: number;
}

/**
 * A local stand-in for Athena's query API (StartQueryExecution, GetQueryExecution, GetQueryResults),
 * as the Firehose emulator stands in for Firehose: the real SDK client talks to it over HTTP (AWS JSON
 * 1.1), and it runs the SQL on DuckDB over a copy of the S3 layout through the one bridge the project
 * has between the engines (siem/athena/engine.ts). What it keeps of Athena's behaviour: execution
 * parameters are substituted into the text as SQL literals, in order, for each `?` outside quotes and
 * comments; a `?` outside a WHERE clause, or a count that differs, fails the query; an unknown workgroup is refused and an unknown
 * database fails the query; results come as text, NULL as no value, the column names as the first
 * row, 1,000 rows a page at most; a query is QUEUED, then RUNNING, then done.
 */
export class AthenaEmulator {
  private readonly options: AthenaEmulatorOptions;
  private readonly executions = new Map<string, Execution>();
  private connection: Promise<DuckDBConnection> | undefined;
  private readonly running = new Set<Promise<void>>();
  /** The SQL each query ran, parameters substituted, in order (for tests). */
  readonly ran: string[] = [];

  constructor(options: AthenaEmulatorOptions) {
    this.options = options;
  }

  handle = async (operation: string, input: Record<string, unknown>): Promise<unknown> => {
    if (operation === 'StartQueryExecution') return this.start(input);
    if (operation === 'GetQueryExecution') return this.status(String(input.QueryExecutionId ?? ''));
    if (operation === 'GetQueryResults') return this.results(input);
    throw new AwsError('UnknownOperationException', `the Athena stand-in does not serve ${operation}`);
  };

  /** Closes DuckDB once the queries still running are done (closing under a query crashes it). */
  async close(): Promise<void> {
    await Promise.all(this.running);
    (await this.connection)?.closeSync();
  }

  private start(input: Record<string, unknown>) {
    const workgroup = input.WorkGroup ?? 'primary';
    if (workgroup !== this.options.workgroup) {
      throw new AwsError('InvalidRequestException', `WorkGroup ${String(workgroup)} is not found.`);
    }
    const sql = input.QueryString;
    if (typeof sql !== 'string' || sql.length === 0) {
      throw new AwsError('InvalidRequestException', 'QueryString is required');
    }
    const params = (input.ExecutionParameters ?? []) as unknown[];
    if (!Array.isArray(params) || params.some((p) => typeof p !== 'string' || p.length === 0)) {
      throw new AwsError('InvalidRequestException', 'ExecutionParameters: each value is a non-empty string');
    }
    const id = crypto.randomUUID();
    const execution: Execution = { state: 'QUEUED', checks: 0 };
    this.executions.set(id, execution);
    const database = (input.QueryExecutionContext as { Database?: unknown } | undefined)?.Database;
    const running = this.run(execution, sql, params as string[], database);
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
    return { QueryExecutionId: id };
  }

  private async run(execution: Execution, sql: string, params: string[], database: unknown) {
    execution.state = 'RUNNING';
    try {
      if (database !== this.options.database) {
        throw new Error(`SCHEMA_NOT_FOUND: line 1:1: Schema '${String(database)}' does not exist`);
      }
      const text = substitute(sql, params);
      this.ran.push(text);
      this.connection ??= duckdbOverLayout(this.options.root);
      const reader = await (await this.connection).runAndReadAll(text);
      execution.columns = reader.columnNames().map((name, i) => ({
        Name: name,
        Type: athenaType(String(reader.columnTypes()[i])),
      }));
      execution.rows = reader.getRowsJS().map((row) => row.map(asText));
      execution.state = 'SUCCEEDED';
    } catch (error) {
      execution.state = 'FAILED';
      execution.reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }

  private status(id: string) {
    const execution = this.known(id);
    execution.checks++;
    const state = execution.checks === 1 && execution.state !== 'FAILED' ? 'QUEUED' : execution.state;
    return {
      QueryExecution: {
        QueryExecutionId: id,
        Status: {
          State: state,
          ...(execution.reason === undefined ? {} : { StateChangeReason: execution.reason }),
        },
      },
    };
  }

  private results(input: Record<string, unknown>) {
    const execution = this.known(String(input.QueryExecutionId ?? ''));
    if (execution.state !== 'SUCCEEDED') {
      throw new AwsError(
        'InvalidRequestException',
        `Query has not yet finished. Current state: ${execution.state}`,
      );
    }
    const max = Number(input.MaxResults ?? 1000);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw new AwsError('InvalidRequestException', 'MaxResults must be between 1 and 1000');
    }
    const columns = execution.columns ?? [];
    // the header row is row 0 of the whole result, as Athena pages it
    const all: Array<Array<string | undefined>> = [columns.map((c) => c.Name), ...(execution.rows ?? [])];
    const from = input.NextToken === undefined ? 0 : Number(input.NextToken);
    const page = all.slice(from, from + max);
    const next = from + max < all.length ? String(from + max) : undefined;
    return {
      ResultSet: {
        Rows: page.map((row) => ({ Data: row.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ ...c, Label: c.Name, Nullable: 'UNKNOWN' })) },
      },
      ...(next === undefined ? {} : { NextToken: next }),
      UpdateCount: 0,
    };
  }

  private known(id: string): Execution {
    const execution = this.executions.get(id);
    if (execution === undefined)
      throw new AwsError('InvalidRequestException', `QueryExecution ${id} was not found`);
    return execution;
  }
}

/**
 * Puts each execution parameter where its `?` is, skipping `?` inside quoted strings, quoted names and
 * comments, as Athena does; a different count of placeholders and values fails the query.
 */
export function substitute(sql: string, params: string[]): string {
  let out = '';
  let placeholders = 0;
  // the clause each parenthesis depth is in: Athena takes `?` in a WHERE clause only
  const clause: string[] = [''];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    let end = i;
    if (c === "'" || c === '"') end = closing(sql, i, c);
    else if (c === '-' && sql[i + 1] === '-') end = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length - 1 : close + 1;
    } else if (/[A-Za-z_]/.test(c) && !/[\w]/.test(sql[i - 1] ?? ' ')) {
      const word = (/^[A-Za-z_]\w*/.exec(sql.slice(i)) as RegExpExecArray)[0];
      if (CLAUSES.has(word.toUpperCase())) clause[clause.length - 1] = word.toUpperCase();
      end = i + word.length - 1;
    } else if (c === '(') clause.push(clause[clause.length - 1] ?? '');
    else if (c === ')') clause.pop();
    else if (c === '?') {
      if (clause[clause.length - 1] !== 'WHERE') {
        throw new Error(
          `INVALID_PARAMETER_USAGE: a ? parameter outside a WHERE clause (Athena places them only there), at ${JSON.stringify(sql.slice(Math.max(0, i - 30), i + 1))}`,
        );
      }
      out += params[placeholders++] ?? '?';
      continue;
    }
    out += sql.slice(i, end + 1);
    i = end;
  }
  if (placeholders !== params.length) {
    throw new Error(
      `INVALID_PARAMETER_USAGE: Incorrect number of parameters: expected ${placeholders} but found ${params.length}`,
    );
  }
  return out;
}

/** Words that start a clause: a `?` after WHERE and before any of the others is in the WHERE clause. */
const CLAUSES = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'ON',
  'JOIN',
  'WITH',
  'UNION',
]);

/** The index of the last character of the line comment at `from`. */
function lineEnd(sql: string, from: number): number {
  const newline = sql.indexOf('\n', from);
  return newline === -1 ? sql.length - 1 : newline - 1;
}

/** The index of the quote that closes the one at `from` (a doubled quote is an escaped one). */
function closing(sql: string, from: number, quote: string): number {
  for (let i = from + 1; i < sql.length; i++) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i;
    }
  }
  return sql.length - 1;
}

function athenaType(duckdb: string): string {
  if (duckdb === 'BIGINT' || duckdb === 'HUGEINT' || duckdb === 'UBIGINT') return 'bigint';
  if (duckdb === 'INTEGER') return 'integer';
  if (duckdb === 'BOOLEAN') return 'boolean';
  if (duckdb === 'DOUBLE' || duckdb === 'FLOAT') return 'double';
  if (duckdb.endsWith('[]')) return 'array';
  if (duckdb.startsWith('STRUCT')) return 'row';
  return 'varchar';
}

/** A value as Athena's results carry it: text, arrays as `[a, b]`, NULL as no value. */
function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return `[${value.map((v) => asText(v) ?? 'null').join(', ')}]`;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
