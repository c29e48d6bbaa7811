import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The generators read an upstream repository (a clone, or a bare mirror) through git, at a tag or
 * commit, so the vendored files name exactly what they came from. Exits with the usage on no path.
 */
export function gitRepository(usage: string): (...args: string[]) => string {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  const gitDir = existsSync(join(path, '.git')) ? join(path, '.git') : path;
  return (...args: string[]) =>
    execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
}
