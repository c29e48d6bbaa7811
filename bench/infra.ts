import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Figure, writeResults } from './results.ts';

/**
 * `npm run bench:infra`: the deployment figures. Times `cdk synth` (esbuild bundling of the four
 * functions, cdk-nag and the built-in CloudFormation validation), then reads the synthesized
 * template for each function's bundle size and the IAM actions its role is granted.
 */
const started = performance.now();
const synth = spawnSync(
  'npx',
  ['cdk', 'synth', '--quiet', '-c', 'canary-collector:file=collector.example.json'],
  {
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  },
);
const seconds = (performance.now() - started) / 1000;
if (synth.status !== 0) {
  process.stdout.write(synth.stdout + synth.stderr);
  process.exit(1);
}

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> };
const template = JSON.parse(readFileSync('cdk.out/CanaryCollector.template.json', 'utf8')) as {
  Resources: Record<string, Resource>;
};
const entries = Object.entries(template.Resources);
const figures: Record<string, Figure> = { synthS: Math.round(seconds * 10) / 10 };
process.stdout.write(`cdk synth: ${seconds.toFixed(1)} s (bundling, cdk-nag, CloudFormation validation)\n\n`);
process.stdout.write('function        bundle     IAM actions of its role\n');
for (const [id, fn] of entries.filter(([, r]) => r.Type === 'AWS::Lambda::Function')) {
  const asset = fn.Metadata?.['aws:asset:path'] as string;
  const file = readdirSync(join('cdk.out', asset)).find((name) => name.endsWith('.mjs')) as string;
  const kib = Math.round(statSync(join('cdk.out', asset, file)).size / 1024);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const actions = entries
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
    .flatMap(
      ([, r]) =>
        (r.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement,
    )
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  const source = id.replace(/^CollectorCollector/, '').replace(/Function.*$/, '');
  figures[`bundle.${source}.kib`] = kib;
  figures[`iam.${source}.actions`] = actions.length;
  process.stdout.write(
    `${source.padEnd(15)} ${`${kib} KiB`.padStart(8)}   ${actions.length}: ${[...new Set(actions)].sort().join(', ')}\n`,
  );
}
writeResults('infra', figures);
