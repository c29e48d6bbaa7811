import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args.ts';

/** Modes of what the CLI creates for local output and state: readable by its owner only. */
export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/** The file that marks a folder as canary-collector's own output folder. */
export const OUT_MARKER = '.canary-collector-output';

/**
 * Makes `dir` ready for output and returns the console's output file in it. The CLI deletes nothing it
 * did not write: a folder it creates (or finds empty) gets a marker; a folder with other files and no
 * marker is refused, untouched. With `fresh` (a simulator run, whose data starts anew each time),
 * only this console's own output file from an earlier run is removed.
 */
export function prepareOutDir(dir: string, consoleName: string, fresh: boolean): string {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${dir} is a file, not a folder`);
    if (!existsSync(join(dir, OUT_MARKER))) {
      if (readdirSync(dir).length > 0) {
        throw new UsageError(
          `--out ${dir} holds files canary-collector did not write: give a new or empty folder (nothing was changed)`,
        );
      }
      mark(dir);
    }
  } else {
    // records may hold attackers' input and credentials: the owner's only (files 0600 too)
    mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
    mark(dir);
  }
  const file = join(dir, `${consoleName}.ndjson`);
  if (fresh) rmSync(file, { force: true });
  return file;
}

function mark(dir: string): void {
  writeFileSync(
    join(dir, OUT_MARKER),
    'canary-collector writes its local output here (one <console>.ndjson per console) and removes only those files.\n',
    { mode: OWNER_ONLY_FILE },
  );
}
