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
import {
  addConsoleWebhook,
  type ConsoleWebhook,
  listenError,
  type PushPlan,
  pushPlan,
} from '../pushTrial.ts';
import { CONSOLE_WIDE, describeTarget, runLine } from '../runReport.ts';
import { checkSettings } from '../runSettings.ts';
import { onCtrlC, StopRequest } from '../stopSignal.ts';
import { adviceContext, type Target, targetFromEnv } from '../target.ts';
import { PUSH_HEADER_NAME } from './push.ts';
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
    'push-listen': { type: 'string' },
    'push-url': { type: 'string' },
    'token-file': { type: 'string' },
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
  if (consolesText !== undefined) {
    // a fleet run is one pass of simulated consoles into out/fleet.ndjson: the rest would be ignored
    const unused = FLEET_IGNORES.filter((name) => values[name] !== undefined).map((name) => `--${name}`);
    if (unused.length > 0)
      throw new UsageError(
        `--consoles runs a simulated fleet once; it takes --out and --incidents, not ${unused.join(', ')}`,
      );
    return fleetCommand(consolesText, text('out') ?? 'out', text('incidents'));
  }
  const target = targetFromEnv(process.env, text('console'));
  const simulated = target.kind === 'simulator';
  if (values['token-file'] !== undefined && values.push !== true)
    throw new UsageError(
      '--token-file is the key --push gives the console its webhook with: give --push too',
    );
  const push = pushPlan(
    {
      push: values.push === true,
      once,
      listen: text('push-listen'),
      url: text('push-url'),
      tokenFile: text('token-file'),
    },
    target,
    allowedHosts(),
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
      push,
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
  /** The push path too: the console posts its webhooks to a local receiver. */
  push: PushPlan | undefined;
}

/** The run options a fleet run (`--consoles`) has no use for. */
const FLEET_IGNORES = [
  'interval',
  'console',
  'snapshot-interval',
  'seed',
  'partitioned',
  'push',
  'push-listen',
  'push-url',
  'token-file',
] as const;

/** Holds the start-up for this long (ms) before the first page: a test's window for a Ctrl-C there. */
const STARTUP_DELAY_VARIABLE = 'CANARY_DEV_STARTUP_DELAY_MS';

async function collectLocally(target: Target, outFile: string, options: RunOptions): Promise<number> {
  const stop = new StopRequest();
  let progress: Progress | undefined;
  let running = false;
  let webhook: ConsoleWebhook | undefined;
  // listening from before the stack starts: a press during start-up stops the run cleanly, not the process
  const stopListening = onCtrlC({
    stop: () => {
      const line = `stopping ${running ? 'after the page in flight' : 'once the local stack has started, before the first page'} (Ctrl-C again to force)`;
      if (progress === undefined) process.stdout.write(`${line}\n`);
      else progress.print(line);
      stop.request();
    },
    force: () => {
      if (webhook !== undefined)
        process.stderr.write(
          `push: the webhook at ${webhook.url} is left on the console: remove it there (Settings → Webhooks → Generic)\n`,
        );
      process.exit(130);
    },
  });
  try {
    return await startAndCollect(target, outFile, options, {
      stop,
      onProgress: (p) => {
        progress = p;
      },
      onRunning: () => {
        running = true;
      },
      onWebhook: (w) => {
        webhook = w;
      },
    });
  } finally {
    stopListening();
  }
}

interface RunHooks {
  stop: StopRequest;
  onProgress(progress: Progress): void;
  onRunning(): void;
  onWebhook(webhook: ConsoleWebhook | undefined): void;
}

async function startAndCollect(
  target: Target,
  outFile: string,
  options: RunOptions,
  hooks: RunHooks,
): Promise<number> {
  const { once, intervalS, incidents, seed, settings } = options;
  const { stop } = hooks;
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
  let push: Awaited<ReturnType<typeof startLocalPush>> | undefined;
  let webhook: ConsoleWebhook | undefined;
  let progress: Progress | undefined;
  let live: ReturnType<typeof setInterval> | undefined;
  let leases: ReturnType<typeof leaseStore> | undefined;
  let removal: { line: string; failed: boolean } | undefined;
  let failures = 0;
  let more = false;
  try {
    stack.applyEnv();
    process.env.POWERTOOLS_LOG_LEVEL ??= options.verbose ? 'INFO' : 'CRITICAL';
    process.env.POWERTOOLS_METRICS_DISABLED ??= options.verbose ? 'false' : 'true';
    // before the handlers' first run: the incidents function then correlates push and poll
    const plan = options.push;
    if (plan !== undefined && !stop.requested) {
      push = await startLocalPush(stack, {
        listen: plan.listen,
        ...(plan.publicUrl === undefined ? {} : { publicUrl: plan.publicUrl }),
      }).catch((error: unknown) => {
        throw listenError(error, plan);
      });
      if (plan.settings !== undefined && !stop.requested) {
        webhook = await addConsoleWebhook(plan.settings, {
          url: push.consoleUrl,
          // the header's name as `push setup --apply` gives it (the console's form shows it so)
          headers: { [PUSH_HEADER_NAME]: push.header.value },
        });
        hooks.onWebhook(webhook);
      }
    }
    const delayMs = Number(process.env[STARTUP_DELAY_VARIABLE] ?? 0);
    if (delayMs > 0 && !stop.requested) {
      process.stderr.write(`start-up held for ${delayMs} ms (${STARTUP_DELAY_VARIABLE})\n`);
      await stop.sleep(delayMs);
    }
    if (stop.requested) {
      process.stdout.write(
        `stopped during start-up: nothing was collected, no checkpoint changed${webhook === undefined ? '' : '; removing the webhook it added'}\n`,
      );
      more = true;
    } else {
      // built after the stack's environment is in place: they read it once, as a Lambda container does
      const collectors = SOURCE_NAMES.map((name) => ({
        name,
        collector: createCollector(SOURCE_DEFINITIONS[name]),
      }));
      progress = new Progress(process.stdout);
      hooks.onProgress(progress);
      hooks.onRunning();
      progress.print(
        `canary-collector: ${describeTarget(target, stack.simulator?.url, incidents, once)}; output → ${outFile}${snapshotSeconds === undefined ? '' : `; snapshots every ${snapshotSeconds} s`}`,
      );
      if (push !== undefined)
        progress.print(
          webhook === undefined
            ? `push: the simulator posts its webhooks to ${push.consoleUrl} (alert and audit_push records)`
            : `push: console "${target.name}" posts its webhooks to ${push.consoleUrl} (receiver on ${push.url}; alert and audit_push records); the webhook is removed at exit`,
        );
      leases = leaseStore(stack.dynamo.url);
      const owner = localOwner();
      live = simulated && !once ? setInterval(() => stack.simulator?.tick(), 1000) : undefined;
      const advice = adviceContext(target);
      do {
        for (const { name, collector } of collectors) {
          if (stop.requested) break;
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
                onPage: (stats) => progress?.page(stats),
                stopRequested: () => stop.requested,
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
              if (!summary.more || stop.requested) break;
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
          if ((more && stop.requested) || consoleWide) break;
        }
        if (once || stop.requested) break;
        await stop.sleep(intervalS * 1000);
      } while (!stop.requested);
    }
  } finally {
    if (live !== undefined) clearInterval(live);
    progress?.stop();
    leases?.close();
    // the console stops posting before the receiver goes: its last webhooks are answered, not refused
    if (webhook !== undefined) {
      removal = await webhook.remove();
      hooks.onWebhook(undefined);
      process.stdout.write(`${removal.line}\n`);
    }
    // the console's last webhooks answered before the receiver, then the stack, go away
    await stack.simulator?.webhooks.settled();
    await push?.stop();
    await stack.stop();
  }
  // stopped before the first page: as a stop with more to read (nothing was read), everything released
  if (progress === undefined) return removal?.failed === true ? EXIT.failed : once ? EXIT.more : EXIT.ok;
  const where = simulated
    ? ''
    : `; checkpoints in ${statePath(target.name)} (canary-collector status --local)`;
  // every record the local Firehose wrote: the push receiver's too
  const total = stack.firehose.accepted;
  process.stdout.write(
    `done: ${total} records written to ${outFile}${failures > 0 ? `, ${failures} failed runs` : ''}${where}\n`,
  );
  // a webhook left on the console is something the run could not do
  if (removal?.failed === true) return EXIT.failed;
  if (more && stop.requested) {
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
