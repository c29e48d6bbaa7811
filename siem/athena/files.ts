import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file shipped in the package (`siem/athena/*.sql`, `tables.json`), found from the package's root:
 * the folder above this module that holds canary-collector's package.json. The same path then works
 * from the source (siem/athena/) and from the installed command's bundle (dist/cli.js), whose
 * `import.meta.url` is elsewhere.
 */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

let root: string | undefined;

function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isOurs(manifest)) {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('canary-collector: cannot find the package folder (package.json)');
    dir = parent;
  }
}

function isOurs(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'canary-collector';
  } catch {
    return false;
  }
}
