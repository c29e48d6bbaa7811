import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type { AfterIdMode } from './audit.ts';
import { CanarySimulator } from './server.ts';

/**
 * Runs the simulator as its own process: `tsx fakes/simulator/main.ts --incidents 100000 --seed 7`
 * (`--variants mix` answers in the reply shapes of docs/console-api.md).
 * Prints one JSON line with its URL, then serves until killed. A mistake in the options is one line
 * and exit 2 (never a stack trace); `--help` lists them.
 */

const USAGE = `usage: npx tsx fakes/simulator/main.ts [options]

Serves a simulated Canary console on 127.0.0.1; prints {"url": ...} once listening, then serves until
Ctrl-C. POST /_sim/incidents, /_sim/acknowledge, /_sim/events, /_sim/faults change it while it runs.

Options:
  --port <n>          port to listen on (0-65535; default 0: any free port)
  --incidents <n>     incidents it starts with (default 50)
  --seed <n>          seed of the generated data (default 1)
  --token <token>     the API key it accepts (default: a fixed test token)
  --live <ms>         milliseconds between live changes (default 0: none)
  --audit <n>         audit-trail entries (default 40)
  --birds <n>         birds (default 12)
  --tokens <n>        Canarytokens (default 24)
  --after-id <mode>   how it treats the audit trail's after_id: ascending (default), descending, ignored
  --variants <list>   reply variants (docs/console-api.md): mix, or ids separated by commas
  -h, --help          this help`;

const OPTIONS = {
  port: { type: 'string', default: '0' },
  incidents: { type: 'string', default: '50' },
  seed: { type: 'string', default: '1' },
  token: { type: 'string' },
  live: { type: 'string', default: '0' },
  audit: { type: 'string', default: '40' },
  birds: { type: 'string', default: '12' },
  tokens: { type: 'string', default: '24' },
  'after-id': { type: 'string', default: 'ascending' },
  variants: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

const AFTER_ID_MODES: readonly AfterIdMode[] = ['ascending', 'descending', 'ignored'];

function refuse(message: string): never {
  process.stderr.write(
    `simulator: ${message}\n  → npx tsx fakes/simulator/main.ts --help lists the options\n`,
  );
  process.exit(2);
}

function options() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node's message names the option ("Unknown option '--bogus'"); its advice line is not ours
    return refuse((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '');
  }
}

function whole(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) > max)
    refuse(`--${name} takes a whole number from 0 to ${max}, not "${value}"`);
  return Number(value);
}

const values = options();
const afterId = values['after-id'] as AfterIdMode;
if (!AFTER_ID_MODES.includes(afterId))
  refuse(`--after-id is one of ${AFTER_ID_MODES.join(', ')}, not "${afterId}"`);
let simulator: CanarySimulator;
try {
  simulator = new CanarySimulator({
    incidents: whole('incidents', values.incidents),
    seed: whole('seed', values.seed, 2 ** 32 - 1),
    auditEntries: whole('audit', values.audit),
    birds: whole('birds', values.birds),
    tokens: whole('tokens', values.tokens),
    afterIdMode: afterId,
    ...(values.variants === undefined
      ? {}
      : { variants: values.variants === 'mix' ? 'mix' : values.variants.split(',').map((id) => id.trim()) }),
    ...(values.token === undefined ? {} : { authToken: values.token }),
  });
} catch (error) {
  // what the simulator refuses of its options (an unknown reply variant) is the caller's to fix
  refuse(error instanceof Error ? error.message : String(error));
}
const port = whole('port', values.port, 65_535);
const live = whole('live', values.live);
let url: string;
try {
  url = await simulator.start(port);
} catch (error) {
  process.stderr.write(
    `simulator: cannot listen on port ${port}: ${(error as NodeJS.ErrnoException).code ?? error}\n`,
  );
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ url })}\n`);
if (live > 0) setInterval(() => simulator.tick(), live).unref();
process.on('SIGTERM', () => void simulator.stop().then(() => process.exit(0)));
process.on('SIGINT', () => void simulator.stop().then(() => process.exit(0)));
