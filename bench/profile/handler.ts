import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localEnv } from '#dev/stack.ts';
import { bundleHandler } from '../bundle.ts';
import { firstLine } from '../scenario.ts';

/**
 * The bundled incidents handler under the CPU profiler, against the simulator and the emulators in
 * processes of their own (as `npm run bench` runs it):
 * `npx tsx bench/profile/handler.ts <out.cpuprofile> [size] [native|ocsf|ecs|flat]`, then
 * `node bench/profile/summarise.mjs <out.cpuprofile>`; an `<out>.heapprofile` samples allocations instead
 * (`node bench/profile/heapSummary.mjs <out.heapprofile>`). The bundle is not minified, so that the
 * profile names functions.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [out = 'handler.cpuprofile', size = '100000', format = 'native'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'canary-prof-'));
const outfile = await bundleHandler('incidents', dir, { minify: false });
const TOKEN = 'bench-token-5c1e7a9f';
const tsx = ['--import', 'tsx'];
const simulator = await firstLine(process.execPath, [
  ...tsx,
  'fakes/simulator/main.ts',
  '--seed',
  '7',
  '--token',
  TOKEN,
  '--incidents',
  size,
]);
const secretId = 'canary-collector/bench';
const emulators = await firstLine(process.execPath, [
  ...tsx,
  'dev/emulators.ts',
  '--out',
  dir,
  '--secret',
  `${secretId}=${JSON.stringify({ baseUrl: simulator.json.url, authToken: TOKEN })}`,
]);
const formatEnv: Record<string, Record<string, string>> = {
  native: {},
  ocsf: { OUTPUT_FORMAT: 'ocsf' },
  ecs: { OUTPUT_FORMAT: 'ecs' },
  flat: { OUTPUT_FLATTEN: 'true' },
};
const env = {
  ...process.env,
  ...localEnv({
    dynamoUrl: String(emulators.json.dynamodb),
    awsUrl: String(emulators.json.aws),
    consoles: [{ name: 'bench', secretId }],
  }),
  PAGE_SIZE: '1000',
  ...formatEnv[format],
};
const child = spawn(
  process.execPath,
  [
    '--expose-gc',
    // a .heapprofile is sampled allocations (garbage included), anything else a CPU profile
    out.endsWith('.heapprofile') ? 'bench/profile/heapprof.mjs' : 'bench/profile/cpuprof.mjs',
    out,
    'bench/collector.mjs',
    outfile,
    'bench',
  ],
  { env, stdio: ['ignore', 'inherit', 'inherit'] },
);
await new Promise((resolve) => child.on('exit', resolve));
simulator.child.kill('SIGTERM');
emulators.child.kill('SIGTERM');
process.exit(0);
