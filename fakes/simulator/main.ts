import { parseArgs } from 'node:util';
import type { AfterIdMode } from './audit.ts';
import { CanarySimulator } from './server.ts';

/**
 * Runs the simulator as its own process: `tsx fakes/simulator/main.ts --incidents 100000 --seed 7`
 * (`--variants mix` answers in the reply shapes of docs/console-api.md).
 * Prints one JSON line with its URL, then serves until killed.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    incidents: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    token: { type: 'string' },
    live: { type: 'string', description: 'milliseconds between live changes; 0 = none', default: '0' },
    audit: { type: 'string', default: '40' },
    birds: { type: 'string', default: '12' },
    tokens: { type: 'string', default: '24' },
    'after-id': { type: 'string', default: 'ascending', description: 'ascending | descending | ignored' },
    variants: {
      type: 'string',
      description: 'reply variants (docs/console-api.md): mix, or ids separated by commas',
    },
  },
});
const simulator = new CanarySimulator({
  incidents: Number(values.incidents),
  seed: Number(values.seed),
  auditEntries: Number(values.audit),
  birds: Number(values.birds),
  tokens: Number(values.tokens),
  afterIdMode: values['after-id'] as AfterIdMode,
  ...(values.variants === undefined
    ? {}
    : { variants: values.variants === 'mix' ? 'mix' : values.variants.split(',').map((id) => id.trim()) }),
  ...(values.token === undefined ? {} : { authToken: values.token }),
});
const url = await simulator.start(Number(values.port));
process.stdout.write(`${JSON.stringify({ url })}\n`);
const live = Number(values.live);
if (live > 0) setInterval(() => simulator.tick(), live).unref();
process.on('SIGTERM', () => void simulator.stop().then(() => process.exit(0)));
process.on('SIGINT', () => void simulator.stop().then(() => process.exit(0)));
