#!/usr/bin/env -S npx tsx
// The SDK warns about Node 20 when a client is built; on this CLI's screen that is noise (Lambda runs Node 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Records and checkpoints may hold what attackers typed: whatever this process writes (out/, .local/,
// and the LevelDB files dynalite keeps there, whose modes it does not set) is for its owner only.
process.umask(0o077);

import { printable } from '#lib/canary/replies.ts';
import { CollectorError, describeError } from '#lib/core/errors.ts';
import { CliError, UsageError } from './args.ts';
import { COMMAND_USAGE, MAIN_USAGE } from './usage.ts';
import { cliVersion } from './version.ts';

// `canary-collector status --local | head -3`: once the reader is gone, what is left to print has
// nowhere to go. That is the reader's choice, not a failure: end quietly rather than die on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

type Command = (argv: string[]) => Promise<number | 'help'>;

// Loaded when chosen, not at start-up: `--help`, `--version` and a usage mistake then answer without
// initializing the AWS SDK, zod's schemas and the local stack (a third of the installed command's
// start-up for --help).
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.ts')).runCommand,
  'test-connection': async () => (await import('./commands/connection.ts')).connectionCommand,
  status: async () => (await import('./commands/operator.ts')).statusCommand,
  reset: async () => (await import('./commands/operator.ts')).resetCommand,
  console: async () => (await import('./commands/console.ts')).consoleCommand,
  push: async () => (await import('./commands/push.ts')).pushCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
};

/**
 * Runs one command line; returns the exit code. Mistakes are one line on stderr, never a stack, and
 * without control characters: a message may quote what a console or AWS sent.
 */
async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const about = command === 'help' ? rest[0] : undefined;
    const text = about === undefined ? MAIN_USAGE : COMMAND_USAGE[about];
    if (text === undefined) return usageError(`unknown command "${about}"`);
    process.stdout.write(`${text}\n`);
    return 0;
  }
  const chosen = COMMANDS[command];
  if (chosen === undefined) return usageError(`unknown command "${command}"`);
  const usage = COMMAND_USAGE[command] ?? MAIN_USAGE;
  try {
    const code = await (await chosen())(rest);
    if (code === 'help') {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    return code;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, command);
    if (error instanceof CliError) {
      process.stderr.write(`canary-collector ${command}: ${printable(error.message)}\n`);
      return error.exitCode;
    }
    if (error instanceof CollectorError) {
      const { advice } = describeError(error, { where: 'local' });
      process.stderr.write(
        `canary-collector ${command}: ${error.code}: ${printable(error.message)}\n  → ${printable(advice)}\n`,
      );
      return 1;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `canary-collector ${command}: unexpected error: ${printable(detail)}\n  (set CANARY_DEBUG=1 for the stack trace, and report it)\n`,
    );
    if (process.env.CANARY_DEBUG === '1' && error instanceof Error)
      process.stderr.write(`${printable(error.stack ?? '', { newlines: true })}\n`);
    return 1;
  }
}

/** A usage mistake: one line naming it, and one line saying where the right way is written (exit 2). */
function usageError(message: string, command?: string): number {
  const who = command === undefined ? 'canary-collector' : `canary-collector ${command}`;
  const help =
    command === undefined ? 'canary-collector --help lists the commands' : `${who} --help lists its options`;
  process.stderr.write(`${who}: ${printable(message)}\n  → ${help}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
// The command has answered: what may still be in flight (a page fetched ahead that a stop left behind,
// a kept-alive socket) must not hold the prompt. Exit once what was written has gone out.
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
  ),
);
process.exit();
