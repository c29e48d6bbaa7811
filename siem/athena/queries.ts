import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packagePath } from './files.ts';

/** The shipped Athena queries: `siem/athena/<name>.sql`, the text the stack deploys as named queries. */
export function athenaQueries(): Array<{ name: string; sql: string }> {
  return sqlFiles(pathToFileURL(`${packagePath('siem', 'athena')}/`));
}

/** The `.sql` files of a folder, by name. */
export function sqlFiles(dir: URL): Array<{ name: string; sql: string }> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: file.replace(/\.sql$/, ''), sql: readFileSync(new URL(file, dir), 'utf8') }));
}

/** The values a query's parameters take, by name (the report's queries: a range and a console). */
export interface ParameterValues {
  since: string;
  until: string;
  /** '' for every console. */
  console: string;
}

/**
 * A query's execution parameters in order, from its `-- parameters: <name> …` line: Athena takes `?`
 * in WHERE clauses only, so a value used in several places is passed once per place.
 */
export function parameterList(sql: string, values: ParameterValues): string[] {
  const line = /^-- parameters:(.*)$/m.exec(sql);
  if (line === null) return [];
  return (line[1] as string)
    .trim()
    .split(/\s+/)
    .map((name) => {
      if (name !== 'since' && name !== 'until' && name !== 'console') {
        throw new Error(`unknown parameter ${name} in a query's parameters line`);
      }
      return values[name];
    });
}

/** A shipped query's text and its execution parameters in order, for a range and a console. */
export function boundQuery(name: string, values: ParameterValues): { sql: string; params: string[] } {
  const sql = athenaQueries().find((query) => query.name === name)?.sql;
  if (sql === undefined) throw new Error(`no query ${name} in siem/athena`);
  return { sql, params: parameterList(sql, values) };
}
