#!/usr/bin/env -S npx tsx
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RunSummary } from '../functions/lib/core/collect.ts';
import { CollectorError, describeError } from '../functions/lib/core/errors.ts';
import { testConnection } from './connectionTest.ts';
import { resetCommand, statusCommand } from './operatorCommands.ts';
import { type ConsoleCredentials, localContext, startLocalStack } from './stack.ts';

const USAGE = `canary-collector <command> [options]

Commands:
  run               collect continuously into out/ (Ctrl-C stops); --once for a single pass
  test-connection   check that the console answers and the token can read each source
  status            every checkpoint of a deployed collector: position, last run, lease
  reset <console> <source> [--from <date>]
                    forget a source's checkpoint so that it collects again (from <date>, if given)

Options for run:
  --once              one pass over every source, then exit (non-zero if a run failed)
  --interval <s>      seconds between passes (default 5)
  --incidents <n>     incidents the simulator starts with (default 1000)
  --seed <n>          simulator seed (default 1)
  --out <dir>         where Firehose output goes (default out)
  --verbose           also print the collector's own JSON log lines and EMF metrics

Options for status and reset (a deployed stack, through the standard AWS credential chain):
  --table <name>      the checkpoint table (the stack output CheckpointTableName), or CHECKPOINT_TABLE

A real console instead of the simulator: set CANARY_AUTH_TOKEN and CANARY_DOMAIN (the domain hash)
or CANARY_BASE_URL. State for a real console is kept in .local/state so a restart resumes.`;

const SOURCES = {
  incidents: () => import('../functions/incidents/handler.ts'),
  'audit-trail': () => import('../functions/audit-trail/handler.ts'),
  birds: () => import('../functions/birds/handler.ts'),
  tokens: () => import('../functions/tokens/handler.ts'),
} as const;

function realConsole(): ConsoleCredentials | undefined {
  const authToken = process.env.CANARY_AUTH_TOKEN;
  if (authToken === undefined || authToken === '') return undefined;
  const domainHash = process.env.CANARY_DOMAIN;
  const baseUrl = process.env.CANARY_BASE_URL;
  if (domainHash !== undefined && domainHash !== '') return { authToken, domainHash };
  if (baseUrl !== undefined && baseUrl !== '') return { authToken, baseUrl };
  throw new CollectorError(
    'CONFIG_INVALID',
    'CANARY_AUTH_TOKEN is set: also set CANARY_DOMAIN (the domain hash) or CANARY_BASE_URL',
  );
}

function allowedHosts(): string[] {
  return (process.env.CANARY_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
}

function line(summary: RunSummary): string {
  const s = summary.stats;
  const time = new Date().toISOString().slice(11, 19);
  const head = `[${time}] ${summary.console}/${summary.source}`;
  if (summary.status === 'skipped') return `${head}: skipped, another run holds the lease`;
  if (s.requests === 0) return `${head}: no snapshot due yet (at most one per interval)`;
  return `${head}: ${s.recordsSent} records sent (${s.received} received, ${s.duplicates} duplicates, ${s.filtered} before start) in ${s.requests} request${s.requests === 1 ? '' : 's'}, ${(s.elapsedMs / 1000).toFixed(2)} s, ${s.recordsPerSecond} records/s; checkpoint ${JSON.stringify(summary.checkpoint)}${summary.more ? ' (more to read)' : ''}`;
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean', default: false },
      interval: { type: 'string', default: '5' },
      incidents: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'out' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const console = realConsole();
  if (console === undefined) rmSync(values.out, { recursive: true, force: true });
  const stack = await startLocalStack({
    outDir: values.out,
    ...(console === undefined
      ? { simulator: { incidents: Number(values.incidents), seed: Number(values.seed) } }
      : { console, statePath: '.local/state', consoleSettings: { allowedHosts: allowedHosts() } }),
  });
  stack.applyEnv();
  process.env.POWERTOOLS_LOG_LEVEL ??= values.verbose ? 'INFO' : 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED ??= values.verbose ? 'false' : 'true';
  const handlers = await Promise.all(
    Object.entries(SOURCES).map(async ([name, load]) => ({ name, handler: (await load()).handler })),
  );
  const where = stack.firehose.outFile(stack.env.DELIVERY_STREAM as string);
  process.stdout.write(
    `canary-collector: ${console === undefined ? `simulated console at ${stack.simulator?.url} (${values.incidents} incidents${values.once ? '' : ', changing live'})` : 'real console'}; output → ${where}\n`,
  );

  let stopping = false;
  let wake: () => void = () => {};
  process.on('SIGINT', () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write('\nstopping after the current run (Ctrl-C again to force)\n');
    wake();
  });
  const live =
    console === undefined && !values.once ? setInterval(() => stack.simulator?.tick(), 1000) : undefined;
  let failures = 0;
  let total = 0;
  do {
    for (const { name, handler } of handlers) {
      if (stopping) break;
      try {
        const summary = await handler({ console: stack.consoleName }, localContext(60_000));
        total += summary.stats.recordsSent;
        process.stdout.write(`${line(summary)}\n`);
      } catch (error) {
        failures++;
        const { code, message, advice } = describeError((error as { cause?: unknown }).cause ?? error);
        process.stdout.write(`[${name}] failed: ${code}: ${message}\n  → ${advice}\n`);
      }
    }
    if (values.once || stopping) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Number(values.interval) * 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  } while (!stopping);
  if (live !== undefined) clearInterval(live);
  await stack.stop();
  process.stdout.write(
    `done: ${total} records written to ${where}${failures > 0 ? `, ${failures} failed runs` : ''}\n`,
  );
  return failures > 0 && values.once ? 1 : 0;
}

async function connectionCommand(): Promise<number> {
  let credentials = realConsole();
  let stop = async () => {};
  if (credentials === undefined) {
    const { CanarySimulator } = await import('./simulator/server.ts');
    const simulator = new CanarySimulator();
    credentials = { baseUrl: await simulator.start(), authToken: simulator.options.authToken };
    stop = () => simulator.stop();
    process.stdout.write('No CANARY_AUTH_TOKEN set: testing against the built-in simulator.\n');
  }
  try {
    const report = await testConnection(credentials, { allowedHosts: allowedHosts() });
    if (report.baseUrl !== undefined) process.stdout.write(`console: ${report.baseUrl}\n`);
    for (const check of report.checks) {
      process.stdout.write(
        check.ok
          ? `  ✔ ${check.label}\n`
          : `  ✘ ${check.label}: ${check.code}: ${check.message}\n    → ${check.advice}\n`,
      );
    }
    process.stdout.write(report.ok ? 'connection OK\n' : 'connection FAILED\n');
    return report.ok ? 0 : 1;
  } finally {
    await stop();
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  run,
  'test-connection': connectionCommand,
  status: statusCommand,
  reset: resetCommand,
};
const chosen = command === undefined ? undefined : commands[command];
if (chosen === undefined) {
  process.stdout.write(`${USAGE}\n`);
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
} else {
  try {
    process.exitCode = await chosen(rest);
  } catch (error) {
    if (!(error instanceof CollectorError)) throw error;
    process.stdout.write(`${error.code}: ${error.message}\n`);
    process.exitCode = 1;
  }
}
