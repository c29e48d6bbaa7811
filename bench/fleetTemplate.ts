import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figure, writeResults } from './results.ts';

/**
 * `npm run bench:fleet-template`: the stack for 1, 100 and 1,000 consoles listed in the deployment
 * config, through the real `cdk synth` (esbuild bundling, cdk-nag, CloudFormation validation):
 * resources, template bytes, and where the list went (the sync function's bundle).
 */
const work = mkdtempSync(join(tmpdir(), 'fleet-template-'));
process.stdout.write('consoles  resources  template bytes  consoles.json bytes  synth s\n');
const figures: Record<string, Figure> = {};
for (const count of [1, 100, 1000]) {
  const config = join(work, `collector-${count}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      consoles: Array.from({ length: count }, (_, i) => ({
        name: `console-${String(i).padStart(4, '0')}`,
        incidentsFrom: '2026-01-01T00:00:00Z',
      })),
    }),
  );
  const out = join(work, `out-${count}`);
  const started = performance.now();
  const synth = spawnSync(
    'npx',
    ['cdk', 'synth', '--quiet', '-o', out, '-c', `canary-collector:file=${config}`],
    { encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } },
  );
  const seconds = (performance.now() - started) / 1000;
  if (synth.status !== 0) {
    process.stdout.write(synth.stdout + synth.stderr);
    process.exit(1);
  }
  const text = readFileSync(join(out, 'CanaryCollector.template.json'), 'utf8');
  const resources = Object.keys((JSON.parse(text) as { Resources: object }).Resources).length;
  const list = readdirSync(out)
    .map((name) => join(out, name, 'consoles.json'))
    .find((file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
  const listBytes = list === undefined ? 0 : statSync(list).size;
  Object.assign(figures, {
    [`consoles.${count}.resources`]: resources,
    [`consoles.${count}.templateBytes`]: Buffer.byteLength(text),
    [`consoles.${count}.consolesJsonBytes`]: listBytes,
    [`consoles.${count}.synthS`]: Math.round(seconds * 10) / 10,
  });
  process.stdout.write(
    `${String(count).padStart(8)}  ${String(resources).padStart(9)}  ${String(Buffer.byteLength(text)).padStart(14)}  ${String(listBytes).padStart(19)}  ${seconds.toFixed(1).padStart(7)}\n`,
  );
}
writeResults('fleet-template', figures);
