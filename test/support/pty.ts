import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnv, ROOT } from './cli.ts';

export interface TerminalResult {
  /** The command's exit code, or 128 + the signal that ended it (as a shell reports it). */
  code: number;
  /** What the terminal showed, progress rewrites and all. */
  output: string;
  /** From the first ^C to the command's exit (a figure for the report, never asserted). */
  seconds: number | null;
}

/**
 * Runs `npm <args>` in the project, as a person at a terminal would, and presses Ctrl-C once the
 * output matches `when` (and again `secondAfterS` seconds later, if given): test/support/ctrlc.py
 * writes ^C on a pseudo-terminal, so the kernel signals npm, the shell and node together.
 */
export function npmInTerminal(
  args: string[],
  options: { when: RegExp; secondAfterS?: number; env?: Record<string, string | undefined> },
): Promise<TerminalResult> {
  const child = spawn(
    'python3',
    [
      join(ROOT, 'test/support/ctrlc.py'),
      ROOT,
      options.when.source,
      String(options.secondAfterS ?? -1),
      'npm',
      ...args,
    ],
    { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`ctrlc.py exited ${code}`));
      else resolve(JSON.parse(stdout) as TerminalResult);
    }),
  );
}
