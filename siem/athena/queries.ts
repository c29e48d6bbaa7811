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
