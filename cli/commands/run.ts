import { dirname } from 'node:path';
import { runFleet } from '#dev/fleet.ts';
import { startLocalPush } from '#dev/push.ts';
import { startLocalStack } from '#dev/stack.ts';
import { printable } from '#lib/canary/replies.ts';
import type { RunSummary } from '#lib/core/collect.ts';
import { describeError } from '#lib/core/errors.ts';
import { SOURCE_NAMES } from '#lib/core/ports.ts';
import { createCollector } from '#lib/entrypoints/collector.ts';
import { SOURCE_DEFINITIONS } from '#lib/sources/index.ts';
import { parseCommand, UsageError, wholeNumber } from '../args.ts';
import { lockState, statePath } from '../localState.ts';
import { prepareOutDir } from '../outDir.ts';
import { Progress } from '../progress.ts';
import { adviceContext, type Target, targetFromEnv } from '../target.ts';

/** Exit codes of `run` (a usage error is 2, from the CLI): done, a source failed, stopped with more to read. */
export const EXIT = { ok: 0, failed: 1, more: 3 } as const;

export async function runCommand(argv: string[]): Promise<number | 'help'> {
  const { values } = parseCommand(argv, {
    once: { type: 'boolean' },
    interval: { type: 'string' },
    console: { type: 'string' },
    out: { type: 'string' },
    'snapshot-interval': { type: 'string' },
    incidents: { type: 'string' },
    seed: { type: 'string' },
    verbose: { type: 'boolean' },
    partitioned: { type: 'boolean' },
    consoles: { type: 'string' },
    push: { type: 'boolean' },
  });
  if (values.help === true) return 'help';
  const text = (key: string) => values[key] as string | undefined;
  const intervalS = wholeNumber('--interval', text('interval') ?? '5', 1, 86_400, 'seconds');
  const incidents = wholeNumber('--incidents', text('incidents') ?? '1000', 0, 10_000_000, 'incidents');
  const seed = wholeNumber('--seed', text('seed') ?? '1', 0, 4_294_967_295, 'seed');
  const snapshotText = text('snapshot-interval');
  const snapshotS =
    snapshotText === undefined
      ? undefined
      : wholeNumber('--snapshot-interval', snapshotText, 10, 86_400, 'seconds');
  const once = values.once === true;
  const consolesText = text('consoles');
  if (consolesText !== undefined) return fleetCommand(consolesText, text('out') ?? 'out', text('incidents'));
  const target = targetFromEnv(process.env, text('console'));
  const simulated = target.kind === 'simulator';
  if (values.push === true && (!simulated || once))
    throw new UsageError(
      '--push needs the live simulator (no --once, no real console): a real console cannot post to a receiver on this machine',
    );
  const outFile = prepareOutDir(text('out') ?? 'out', target.name, simulated);
  const releaseState = simulated ? undefined : lockState(target.name);
  try {
    return await collectLocally(target, outFile, {
      once,
      intervalS,
      incidents,
      seed,
      snapshotS,
      verbose: values.verbose === true,
      partitioned: values.partitioned === true,
      push: values.push === true,
    });
  } finally {
    releaseState?.();
  }
}

interface RunOptions {
  once: boolean;
  intervalS: number;
  incidents: number;
  seed: number;
  snapshotS: number | undefined;
  verbose: boolean;
  partitioned: boolean;
  /** The push path too: the simulator posts its webhooks to a local receiver. */
  push: boolean;
}

async function collectLocally(target: Target, outFile: string, options: RunOptions): Promise<number> {
  const { once, intervalS, incidents, seed, snapshotS } = options;
  const simulated = target.kind === 'simulator';

  const liveSnapshots = simulated && !once ? 30 : undefined;
  const snapshotSeconds = snapshotS ?? liveSnapshots;
  const stack = await startLocalStack({
    outDir: dirname(outFile),
    outFileName: `${target.name}.ndjson`,
    partitioned: options.partitioned,
    consoleName: target.name,
    ...(target.kind === 'simulator'
      ? { simulator: { incidents, seed } }
      : {
          console: target.credentials,
          statePath: statePath(target.name),
          consoleSettings: { allowedHosts: allowedHosts() },
        }),
    settings:
      snapshotSeconds === undefined ? {} : { LOCAL_SNAPSHOT_INTERVAL_SECONDS: String(snapshotSeconds) },
  });
  stack.applyEnv();
  process.env.POWERTOOLS_LOG_LEVEL ??= options.verbose ? 'INFO' : 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED ??= options.verbose ? 'false' : 'true';
  // before the handlers' first run: the incidents function then correlates push and poll
  const push = options.push ? await startLocalPush(stack) : undefined;
  // built after the stack's environment is in place: they read it once, as a Lambda container does
  const collectors = SOURCE_NAMES.map((name) => ({
    name,
    collector: createCollector(SOURCE_DEFINITIONS[name]),
  }));
  const progress = new Progress(process.stdout);
  progress.print(
    `canary-collector: ${describeTarget(target, stack.simulator?.url, incidents, once)}; output → ${outFile}${snapshotSeconds === undefined ? '' : `; snapshots every ${snapshotSeconds} s`}`,
  );
  if (push !== undefined)
    progress.print(
      `push: the simulator posts its webhooks to ${push.consoleUrl} (alert and audit_push records)`,
    );

  let stopping = false;
  let wake: () => void = () => {};
  const onSigint = () => {
    if (stopping) process.exit(130);
    stopping = true;
    progress.print('stopping after the page in flight (Ctrl-C again to force)');
    wake();
  };
  process.on('SIGINT', onSigint);
  const live = simulated && !once ? setInterval(() => stack.simulator?.tick(), 1000) : undefined;
  const advice = adviceContext(target);
  let failures = 0;
  let total = 0;
  let more = false;
  try {
    do {
      for (const { name, collector } of collectors) {
        if (stopping) break;
        progress.begin(name);
        try {
          // Drain: a run that stops on its time budget with more to read is followed by another.
          for (;;) {
            const summary = await collector.run(target.name, {
              budgetMs: 60_000,
              onPage: (stats) => progress.page(stats),
              stopRequested: () => stopping,
            });
            progress.runEnded();
            total += summary.stats.recordsSent;
            progress.print(line(summary));
            more = summary.more;
            if (!summary.more || stopping) break;
          }
        } catch (error) {
          failures++;
          const cause = (error as { cause?: unknown }).cause ?? error;
          const { code, message, advice: what } = describeError(cause, advice);
          progress.print(`[${name}] failed: ${code}: ${printable(message)}\n  → ${what}`);
        } finally {
          progress.end();
        }
        if (more && stopping) break;
      }
      if (once || stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalS * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    } while (!stopping);
  } finally {
    if (live !== undefined) clearInterval(live);
    progress.stop();
    process.off('SIGINT', onSigint);
    // the console's last webhooks answered before the receiver, then the stack, go away
    await stack.simulator?.webhooks.settled();
    await push?.stop();
    await stack.stop();
  }
  const where = simulated
    ? ''
    : `; checkpoints in ${statePath(target.name)} (canary-collector status --local)`;
  process.stdout.write(
    `done: ${total} records written to ${outFile}${failures > 0 ? `, ${failures} failed runs` : ''}${where}\n`,
  );
  if (more && stopping) {
    process.stdout.write('stopped with more to read: run again to continue from the checkpoint\n');
    return once ? EXIT.more : EXIT.ok;
  }
  return failures > 0 && once ? EXIT.failed : EXIT.ok;
}

/** `run --consoles <n>`: one pass of the fleet code path over simulated consoles. */
async function fleetCommand(
  countText: string,
  out: string,
  incidentsText: string | undefined,
): Promise<number> {
  const count = wholeNumber('--consoles', countText, 1, 2000, 'consoles');
  const perConsole = wholeNumber('--incidents', incidentsText ?? '20', 0, 100_000, 'incidents');
  if (process.env.CANARY_AUTH_TOKEN !== undefined)
    throw new UsageError('--consoles runs simulated consoles; unset CANARY_AUTH_TOKEN to use it');
  const outFile = prepareOutDir(out, 'fleet', true);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const result = await runFleet(count, dirname(outFile), {
    incidentsPerConsole: perConsole,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  const failed = result.failedRuns.map((f) => `${f.console}/${f.source}`);
  process.stdout.write(
    `done: ${result.records} records from ${result.consoles} consoles written to ${result.outFile}${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}\n`,
  );
  return failed.length > 0 ? EXIT.failed : EXIT.ok;
}

function describeTarget(
  target: Target,
  simulatorUrl: string | undefined,
  incidents: number,
  once: boolean,
): string {
  if (target.kind === 'simulator') {
    return `simulated console "${target.name}" at ${simulatorUrl} (${incidents} incidents${once ? '' : ', changing live'})`;
  }
  const at = target.credentials.domainHash ?? target.credentials.baseUrl;
  return `console "${target.name}" (${at})`;
}

function line(summary: RunSummary): string {
  const s = summary.stats;
  const time = new Date().toISOString().slice(11, 19);
  const head = `[${time}] ${summary.console}/${summary.source}`;
  if (summary.status === 'skipped') return `${head}: skipped, another run holds the lease`;
  if (s.requests === 0) return `${head}: no snapshot due yet (at most one per interval)`;
  return `${head}: ${s.recordsSent} records sent (${s.received} received, ${s.duplicates} duplicates, ${s.filtered} before start) in ${s.requests} request${s.requests === 1 ? '' : 's'}, ${(s.elapsedMs / 1000).toFixed(2)} s, ${s.recordsPerSecond} records/s; checkpoint ${JSON.stringify(summary.checkpoint)}${summary.more ? ' (more to read)' : ''}`;
}

export function allowedHosts(): string[] {
  return (process.env.CANARY_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
}
