import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
  const found = nearestExisting(dir);
  if (found.path === resolve(dir)) {
    if (!found.isDirectory) throw new UsageError(`--out ${dir} is a file, not a folder`);
    if (!existsSync(join(dir, OUT_MARKER))) {
      if (readdirSync(dir).length > 0) {
        throw new UsageError(
          `--out ${dir} holds files canary-collector did not write: give a new or empty folder (nothing was changed)`,
        );
      }
      mark(dir);
    }
  } else {
    if (!found.isDirectory) {
      throw new UsageError(`--out ${dir}: ${found.path} is a file, not a folder: give a folder`);
    }
    createFolders(dir, found.path);
    mark(dir);
  }
  const file = join(dir, `${consoleName}.ndjson`);
  if (fresh) rmSync(file, { force: true });
  return file;
}

/** The deepest part of `dir` that exists (at worst the root), and whether it is a folder. */
function nearestExisting(dir: string): { path: string; isDirectory: boolean } {
  let path = resolve(dir);
  for (;;) {
    try {
      return { path, isDirectory: statSync(path).isDirectory() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a part of the path is a file (/dev/null/x); the walk up finds it and says so
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        throw new UsageError(`--out ${dir}: ${path} cannot be read (${code}): give another folder`);
      path = dirname(path);
    }
  }
}

/**
 * Creates the folders from `existing` down to `dir`, one at a time. Not `mkdirSync(recursive)`: under a
 * pseudo file system such as /proc, where mkdir says ENOENT with the parent present, node's recursive
 * mkdir retries for ever at 100% CPU. One failed step is a one-line answer instead.
 */
function createFolders(dir: string, existing: string): void {
  const missing = relative(existing, resolve(dir)).split(sep);
  let path = existing;
  for (const part of missing) {
    path = join(path, part);
    try {
      // records may hold attackers' input and credentials: the owner's only (files 0600 too)
      mkdirSync(path, { mode: OWNER_ONLY_DIR });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `--out ${dir}: cannot create ${path} (${why(code)}): give a folder you can write to`,
      );
    }
  }
}

function mark(dir: string): void {
  try {
    writeFileSync(
      join(dir, OUT_MARKER),
      'canary-collector writes its local output here (one <console>.ndjson per console) and removes only those files.\n',
      { mode: OWNER_ONLY_FILE },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--out ${dir}: cannot write there (${why(code)}): give a folder you can write to`);
  }
}

/** The errno codes creating a folder can give, as a person reads them. */
function why(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOENT':
      // its parent exists (it was checked): a file system that takes no new folders, such as /proc
      return 'this file system takes no new folders';
    case 'ENOSPC':
      return 'no space left';
    default:
      return code ?? 'unknown error';
  }
}
