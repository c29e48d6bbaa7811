import { dirname } from 'node:path';
import { startLocalPush } from '#dev/push.ts';
import { startLocalStack } from '#dev/stack.ts';
import { printable } from '#lib/canary/replies.ts';
import { describeError } from '#lib/core/errors.ts';
import { SOURCE_NAMES } from '#lib/core/ports.ts';
import { createCollector } from '#lib/entrypoints/collector.ts';
import { SOURCE_DEFINITIONS } from '#lib/sources/index.ts';
import { parseCommand, UsageError, wholeNumber } from '../args.ts';
import { clock, holderAlive, leaseStore, localOwner } from '../leases.ts';
import { lockState, statePath } from '../localState.ts';
import { prepareOutDir } from '../outDir.ts';
import { Progress } from '../progress.ts';
import { CONSOLE_WIDE, describeTarget, runLine } from '../runReport.ts';
import { checkSettings } from '../runSettings.ts';
import { onCtrlC } from '../stopSignal.ts';
import { adviceContext, type Target, targetFromEnv } from '../target.ts';
import { fleetCommand } from './runFleet.ts';

/**
 * Exit codes of `run` (a usage error or a bad setting is 2, from the CLI): done; a source failed or
 * was skipped because a live run holds its lease; stopped with more to read.
 */
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
  const settings: Record<string, string> =
    snapshotS === undefined && !(simulated && !once)
      ? {}
      : { LOCAL_SNAPSHOT_INTERVAL_SECONDS: String(snapshotS ?? 30) };
  const consoleSettings = simulated ? {} : { allowedHosts: allowedHosts() };
  checkSettings(target.name, consoleSettings, settings);
  const outFile = prepareOutDir(text('out') ?? 'out', target.name, simulated);
  // simulator runs too: two at once would write into one output file
  const releaseState = lockState(target.name);
  try {
    return await collectLocally(target, outFile, {
      settings,
      consoleSettings,
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
  /** Collector settings of the run itself (checked with the environment before the start). */
  settings: Record<string, string>;
  consoleSettings: Record<string, unknown>;
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
  const { once, intervalS, incidents, seed, settings } = options;
  const simulated = target.kind === 'simulator';
  const snapshotSeconds = settings.LOCAL_SNAPSHOT_INTERVAL_SECONDS;
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
          consoleSettings: options.consoleSettings,
          countRedelivered: true,
        }),
    settings,
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
  const stopListening = onCtrlC({
    stop: () => {
      stopping = true;
      progress.print('stopping after the page in flight (Ctrl-C again to force)');
      wake();
    },
    force: () => process.exit(130),
  });
  const leases = leaseStore(stack.dynamo.url);
  const owner = localOwner();
  const live = simulated && !once ? setInterval(() => stack.simulator?.tick(), 1000) : undefined;
  const advice = adviceContext(target);
  let failures = 0;
  let more = false;
  try {
    do {
      for (const { name, collector } of collectors) {
        if (stopping) break;
        const lease = await leases.held(target.name, name);
        if (lease !== undefined && !holderAlive(lease.owner)) {
          await leases.takeOver(target.name, name, lease);
          progress.print(
            `[${name}] took over the lease of ${lease.owner} (held until ${clock(lease.until)}): that run is gone`,
          );
        }
        progress.begin(name);
        let consoleWide = false;
        try {
          // Drain: a run that stops on its time budget with more to read is followed by another.
          for (;;) {
            const redeliveredBefore = stack.firehose.redelivered;
            const summary = await collector.run(target.name, {
              budgetMs: 60_000,
              owner,
              onPage: (stats) => progress.page(stats),
              stopRequested: () => stopping,
            });
            progress.runEnded();
            if (summary.status === 'skipped') {
              failures++;
              const held = await leases.held(target.name, name);
              progress.print(
                `[${name}] skipped: its lease is held by ${held?.owner ?? 'another run'}${held === undefined ? '' : ` until ${clock(held.until)}`}; nothing was collected (stop that run, or run again after then)`,
              );
              break;
            }
            progress.print(runLine(summary, stack.firehose.redelivered - redeliveredBefore));
            more = summary.more;
            if (!summary.more || stopping) break;
          }
        } catch (error) {
          failures++;
          const cause = (error as { cause?: unknown }).cause ?? error;
          const { code, message, advice: what } = describeError(cause, advice);
          consoleWide = CONSOLE_WIDE.has(code);
          const who = consoleWide ? `${target.name}: every source` : name;
          progress.print(`[${who}] failed: ${code}: ${printable(message)}\n  → ${what}`);
        } finally {
          progress.end();
        }
        if ((more && stopping) || consoleWide) break;
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
    stopListening();
    leases.close();
    // the console's last webhooks answered before the receiver, then the stack, go away
    await stack.simulator?.webhooks.settled();
    await push?.stop();
    await stack.stop();
  }
  const where = simulated
    ? ''
    : `; checkpoints in ${statePath(target.name)} (canary-collector status --local)`;
  // every record the local Firehose wrote: the push receiver's too
  const total = stack.firehose.accepted;
  process.stdout.write(
    `done: ${total} records written to ${outFile}${failures > 0 ? `, ${failures} failed runs` : ''}${where}\n`,
  );
  if (more && stopping) {
    process.stdout.write('stopped with more to read: run again to continue from the checkpoint\n');
    return once ? EXIT.more : EXIT.ok;
  }
  return failures > 0 && once ? EXIT.failed : EXIT.ok;
}

export function allowedHosts(): string[] {
  return (process.env.CANARY_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
}
