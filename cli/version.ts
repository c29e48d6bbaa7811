import { readFileSync } from 'node:fs';
import * as z from 'zod';

const Manifest = z.object({ name: z.string(), version: z.string() });

/**
 * The version in package.json. Read at run time, not copied in at build time, so that the source
 * (cli/main.ts under tsx) and the bundle (dist/cli.js) report the same: both sit one folder below the
 * package root, in a clone and in an installed package alike.
 */
export function cliVersion(): string {
  const file = new URL('../package.json', import.meta.url);
  return Manifest.parse(JSON.parse(readFileSync(file, 'utf8'))).version;
}
