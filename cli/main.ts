#!/usr/bin/env -S npx tsx
// The SDK warns about Node 20 when a client is built; on this CLI's screen that is noise (Lambda runs Node 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Records and checkpoints may hold what attackers typed: whatever this process writes (out/, .local/,
// and the LevelDB files dynalite keeps there, whose modes it does not set) is for its owner only.
process.umask(0o077);

import { printable } from '#lib/canary/replies.ts';
import { CollectorError, describeError } from '#lib/core/errors.ts';
import { CliError, parseCommand, UsageError } from './args.ts';
import { consoleCommand } from './commands/console.ts';
import { resetCommand, statusCommand } from './commands/operator.ts';
import { pushCommand } from './commands/push.ts';
import { allowedHosts, runCommand } from './commands/run.ts';
import { testConnection } from './connectionTest.ts';
import { adviceContext, targetFromEnv } from './target.ts';
import { COMMAND_USAGE, MAIN_USAGE } from './usage.ts';

type Command = (argv: string[]) => Promise<number | 'help'>;

async function connectionCommand(argv: string[]): Promise<number | 'help'> {
  if (parseCommand(argv, {}).values.help === true) return 'help';
  const target = targetFromEnv(process.env);
  let credentials = target.kind === 'console' ? target.credentials : undefined;
  let stop = async () => {};
  if (credentials === undefined) {
    const { CanarySimulator } = await import('#fakes/simulator/server.ts');
    const simulator = new CanarySimulator();
    credentials = { baseUrl: await simulator.start(), authToken: simulator.options.authToken };
    stop = () => simulator.stop();
    process.stdout.write('No CANARY_* variables set: testing against the built-in simulator.\n');
  }
  try {
    const report = await testConnection(credentials, {
      allowedHosts: allowedHosts(),
      advice: adviceContext(target),
    });
    if (report.baseUrl !== undefined) process.stdout.write(`console: ${report.baseUrl}\n`);
    for (const check of report.checks) {
      process.stdout.write(
        check.ok
          ? `  ✔ ${check.label}\n`
          : `  ✘ ${check.label}: ${check.code}: ${printable(check.message ?? '')}\n    → ${check.advice}\n`,
      );
    }
    process.stdout.write(report.ok ? 'connection OK\n' : 'connection FAILED\n');
    return report.ok ? 0 : 1;
  } finally {
    await stop();
  }
}

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  'test-connection': connectionCommand,
  status: statusCommand,
  reset: resetCommand,
  console: consoleCommand,
  push: pushCommand,
};

/**
 * Runs one command line; returns the exit code. Mistakes are one line on stderr, never a stack, and
 * without control characters: a message may quote what a console or AWS sent.
 */
async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const about = command === 'help' ? rest[0] : undefined;
    const text = about === undefined ? MAIN_USAGE : COMMAND_USAGE[about];
    if (text === undefined) return usageError(`unknown command "${about}"`, MAIN_USAGE);
    process.stdout.write(`${text}\n`);
    return 0;
  }
  const chosen = COMMANDS[command];
  if (chosen === undefined) return usageError(`unknown command "${command}"`, MAIN_USAGE);
  const usage = COMMAND_USAGE[command] ?? MAIN_USAGE;
  try {
    const code = await chosen(rest);
    if (code === 'help') {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    return code;
  } catch (error) {
    if (error instanceof UsageError) return usageError(`${command}: ${error.message}`, usage, command);
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

function usageError(message: string, usage: string, command?: string): number {
  const firstLine = usage.split('\n')[0] ?? '';
  const more = command === undefined ? 'canary-collector --help' : `canary-collector ${command} --help`;
  process.stderr.write(`canary-collector: ${printable(message)}\n${firstLine}\n(${more} for more)\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
