import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamo } from '#fakes/emulators/dynamo.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';
import { cli, finished, STACK_LINE, spawnScript, workDir } from '../support/cli.ts';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

/** `cdk synth` as the CLI runs the app: context through CDK_CONTEXT_JSON, no bundling. */
function synth(context: Record<string, unknown>, cwd = workDir()) {
  return finished(
    spawnScript('infra/app.ts', [], {
      cwd,
      env: {
        CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
        CDK_OUTDIR: join(cwd, 'cdk.out'),
      },
    }),
  );
}

describe('cdk synth with a bad deployment config: one message, the fix, no stack trace', () => {
  const dir = workDir();
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no config at all', {}, /no deployment config: copy collector.example.json to collector.json/],
    [
      'every problem listed',
      {
        'canary-collector:file': file(
          'bad.json',
          JSON.stringify({
            consoles: [{ name: 'a b' }],
            sources: { birds: { intervalMinutes: 5 } },
            bogus: 1,
          }),
        ),
      },
      /consoles\[0\]\.name: .*\n.*Unrecognized key: "bogus"\n.*birds.intervalMinutes: .*at least 60 minutes/,
    ],
    [
      // a value outside a union used to stop zod before the cross-field rules: one problem of two
      'a value outside a union and a rule broken: both, each with what is allowed',
      {
        'canary-collector:file': file(
          'two.json',
          JSON.stringify({
            consoles: [{ name: 'a' }],
            logRetentionDays: 5,
            sources: { birds: { intervalMinutes: 5 }, incidents: { intervalMinutes: 0 } },
            output: { flatten: 'yes' },
          }),
        ),
      },
      /^(?=[\s\S]*logRetentionDays: must be one of 7, 14, 30, 90, 180, 365)(?=[\s\S]*sources\.birds\.intervalMinutes: .*at least 60 minutes \(60 to 1440\))(?=[\s\S]*sources\.incidents\.intervalMinutes: must be a whole number from 1 to 1440)(?=[\s\S]*output\.flatten: must be true or false)/,
    ],
    [
      'invalid JSON',
      { 'canary-collector:file': file('broken.json', '{\n  "consoles": [\n    { "name": "a", }\n  ]\n}\n') },
      /broken.json:3:20: not valid JSON: unexpected "}"/,
    ],
    [
      'a future incidentsFrom',
      { 'canary-collector': { consoles: [{ name: 'a', incidentsFrom: '2999-01-01T00:00:00Z' }] } },
      /consoles\[0\]\.incidentsFrom: 2999-01-01T00:00:00Z is in the future; give a past date-time/,
    ],
    [
      'a console secret the functions could not read',
      {
        'canary-collector': {
          consoles: [
            { name: 'a', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:other/a-AbCdEf' },
          ],
        },
      },
      /consoles\[0\]\.secretArn: the functions read only secrets named under fleet\.secretPrefix \(canary-collector\/\): name the secret canary-collector\/a/,
    ],
    [
      'a bad stack name',
      { 'canary-collector:demo': true, 'canary-collector:stack': '1 bad' },
      /a stack name is a letter/,
    ],
  ];
  for (const [name, context, says] of cases) {
    it.concurrent(name, async () => {
      const result = await synth(context);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stderr.length).toBeLessThan(2000);
    });
  }

  it.concurrent('the demo needs its flag, and gets its own stack name', async () => {
    const cwd = workDir();
    const result = await synth({ 'canary-collector:demo': 'true' }, cwd);
    expect(result.code).toBe(0);
    expect(readdirSync(join(cwd, 'cdk.out'))).toContain('CanaryCollectorDemo.template.json');
  });

  it.concurrent('collector.json in the working folder is the config when none is named', async () => {
    const cwd = workDir();
    writeFileSync(join(cwd, 'collector.json'), JSON.stringify({ consoles: [{ name: 'prod-eu' }] }));
    const result = await synth({}, cwd);
    expect(result.code).toBe(0);
    const template = JSON.parse(
      (await import('node:fs')).readFileSync(join(cwd, 'cdk.out', 'CanaryCollector.template.json'), 'utf8'),
    ) as { Outputs: Record<string, unknown> };
    expect(Object.keys(template.Outputs).sort()).toEqual([
      'AlarmTopicArn',
      'AthenaWorkgroup',
      'CheckpointTableName',
      'ConsoleSecretPrefix',
      'GlueDatabase',
    ]);
  });
});

describe('status and reset against AWS, without what they need', () => {
  const home = workDir();
  const noAws = {
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  };
  const creds = {
    ...noAws,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
  };
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['no region', noAws, /no AWS region: set AWS_REGION .* or give --region/],
    ['no credentials', { ...noAws, AWS_REGION: 'eu-west-1' }, /no AWS credentials: set AWS_PROFILE/],
    [
      'no network',
      { ...creds, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' },
      /could not reach DynamoDB in eu-west-1: check the network/,
    ],
  ];
  for (const [name, env, says] of cases) {
    for (const args of [
      ['status', '--table', 'checkpoints'],
      ['reset', 'prod', 'incidents', '--table', 'checkpoints'],
    ]) {
      it.concurrent(`${args[0]}: ${name}`, async () => {
        const result = await cli(args, { env });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(says);
        expect(result.stderr).not.toMatch(STACK_LINE);
        expect(result.stderr).not.toMatch(/NodeVersionSupportWarning|node >=22/);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      });
    }
  }

  it('a table that does not exist is named, with the output to use', async () => {
    const dynamo = await startDynamo();
    stops.push(dynamo.stop);
    const result = await cli(['status', '--table', 'no-such-table'], {
      env: { ...creds, AWS_ENDPOINT_URL_DYNAMODB: dynamo.url },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /table no-such-table not found in eu-west-1: give the stack output CheckpointTableName/,
    );
  });
});

describe('advice fits where it runs', () => {
  it('test-connection against a loopback port where nothing listens names CANARY_BASE_URL', async () => {
    const result = await cli(['test-connection'], {
      env: {
        CANARY_BASE_URL: 'http://127.0.0.1:9',
        CANARY_AUTH_TOKEN: 'token-1234567890',
        HTTP_TIMEOUT_MS: '2000',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CANARY_UNREACHABLE/);
    expect(result.stdout).toMatch(/Nothing answers at CANARY_BASE_URL/);
    expect(result.stdout).not.toMatch(/canary\.tools on port 443|secret|redeploy/);
  });

  it('a rejected token names CANARY_AUTH_TOKEN, not the secret, in run and test-connection', async () => {
    const simulator = new CanarySimulator();
    const url = await simulator.start();
    stops.push(() => simulator.stop());
    const env = { CANARY_BASE_URL: url, CANARY_AUTH_TOKEN: 'wrong-token-123456' };
    const tested = await cli(['test-connection'], { env });
    expect(tested.stdout).toMatch(/CANARY_AUTH_FAILED[\s\S]*check CANARY_AUTH_TOKEN/);
    const cwd = workDir();
    const ran = await cli(['run', '--once'], { env, cwd });
    expect(ran.code).toBe(1);
    // the console's refusal, said once for the console: every other source would hear the same
    expect(ran.stdout).toMatch(
      /\[[^\]]+: every source\] failed: CANARY_AUTH_FAILED[\s\S]*check CANARY_AUTH_TOKEN/,
    );
    expect(ran.stdout.match(/CANARY_AUTH_FAILED/g)).toHaveLength(1);
    expect(`${ran.stdout}${tested.stdout}`).not.toMatch(/in the secret|redeploy|wrong-token-123456/);
    expect(existsSync(join(cwd, '.local', 'consoles'))).toBe(true);
  });

  it('run against a loopback port fetch never connects to: one line for the console, not one per source', async () => {
    const result = await cli(['run', '--once'], {
      env: { CANARY_BASE_URL: 'http://127.0.0.1:1', CANARY_AUTH_TOKEN: 'token-1234567890' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout.match(/CANARY_UNREACHABLE/g)).toHaveLength(1);
    expect(result.stdout).toMatch(
      /fetch never connects to this port[\s\S]*Nothing answers at CANARY_BASE_URL/,
    );
    expect(result.stdout).not.toContain('(unknown)');
    expect(result.stdout).toMatch(/done: 0 records written .*, 1 failed runs/);
  });

  it('run with a host that is not allowed says so once', async () => {
    const result = await cli(['run', '--once'], {
      env: { CANARY_BASE_URL: 'https://canary.example.com', CANARY_AUTH_TOKEN: 'token-1234567890' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout.match(/HOST_NOT_ALLOWED/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/CANARY_ALLOWED_HOSTS/);
  });

  it('bad collector settings are one line with the allowed values, before anything starts', async () => {
    const cwd = workDir();
    const result = await cli(['run', '--once'], {
      cwd,
      env: { OUTPUT_FORMAT: 'OCSF', OUTPUT_FLATTEN: 'yes' },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/OUTPUT_FORMAT must be native, ocsf or ecs/);
    expect(lines[0]).toMatch(/OUTPUT_FLATTEN must be true or false/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    expect(existsSync(join(cwd, '.local'))).toBe(false);
    const help = await cli(['run', '--help']);
    for (const name of [
      'OUTPUT_FORMAT',
      'OUTPUT_FLATTEN',
      'PAGE_SIZE',
      'HTTP_TIMEOUT_MS',
      'CANARY_STATE_DIR',
    ])
      expect(help.stdout).toContain(name);
  });

  it('a non-loopback http URL is refused with the local fix', async () => {
    mkdirSync(workDir(), { recursive: true });
    const result = await cli(['test-connection'], {
      env: { CANARY_BASE_URL: 'http://10.1.2.3', CANARY_AUTH_TOKEN: 'token-1234567890' },
    });
    expect(result.stdout).toMatch(/HOST_NOT_ALLOWED[\s\S]*CANARY_ALLOWED_HOSTS/);
    expect(result.stdout).not.toMatch(/allowedHosts|redeploy/);
  });
});
