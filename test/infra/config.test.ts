import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  deploymentFromContext,
  firstSyntaxError,
  parseDeployment,
  readJsonFile,
} from '#infra/config/load.ts';
import { synth } from './support.ts';

const problems = (input: unknown) => {
  try {
    parseDeployment(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
};

describe('deployment config', () => {
  it('takes Security Lake with OCSF and a custom source location for each class the enabled sources emit', () => {
    const lake = 's3://aws-security-data-lake-eu-west-1-abc/ext';
    const base = {
      consoles: [{ name: 'main' }],
      output: { format: 'ocsf' },
      sources: { birds: { enabled: false }, tokens: { enabled: false } },
    };
    const ok = parseDeployment({
      ...base,
      destination: {
        type: 'securitylake',
        customSources: {
          detectionFinding: `${lake}/canary-finding/1.0/`,
          authentication: `${lake}/canary-auth/1.0/`,
          apiActivity: `${lake}/canary-api/1.0/`,
        },
      },
    });
    expect(ok.destination).toMatchObject({
      type: 'securitylake',
      bufferingSeconds: 300,
      backupExpireAfterDays: 30,
    });
    const missing = problems({
      ...base,
      destination: {
        type: 'securitylake',
        customSources: { detectionFinding: `${lake}/canary-finding/1.0/` },
      },
    });
    expect(missing).toContain(
      'destination.customSources.authentication: audit-trail emit OCSF class 3002: give its custom source location (or disable the source)',
    );
    expect(missing).toContain('destination.customSources.apiActivity');
    expect(missing).not.toContain('deviceInventoryInfo');
    const native = problems({ ...base, output: { format: 'native' }, destination: { type: 'securitylake' } });
    expect(native).toContain(
      'output.format: the securitylake destination takes OCSF: set output.format to "ocsf"',
    );
    expect(
      problems({
        ...base,
        destination: { type: 'securitylake', customSources: { authentication: 'ext/auth' } },
      }),
    ).toContain('must be the custom source location Security Lake gave');
    expect(problems({ ...base, destination: { type: 'securitylake', bufferingSeconds: 60 } })).toContain(
      'destination.bufferingSeconds',
    );
  });

  it('fills the defaults: every source, S3, 3 missed runs, 90-day logs', () => {
    const config = parseDeployment({ consoles: [{ name: 'main' }] });
    expect(config.sources).toEqual({
      incidents: { enabled: true, intervalMinutes: 5 },
      'audit-trail': { enabled: true, intervalMinutes: 15 },
      birds: { enabled: true, intervalMinutes: 60 },
      tokens: { enabled: true, intervalMinutes: 1440 },
    });
    expect(config.destination).toMatchObject({ type: 's3', bufferingSeconds: 300 });
    expect(config).toMatchObject({ missedRunsBeforeAlarm: 3, logRetentionDays: 90 });
  });

  it('refuses a snapshot interval under an hour at synth', () => {
    expect(problems({ consoles: [{ name: 'a' }], sources: { birds: { intervalMinutes: 30 } } })).toMatch(
      /sources\.birds\.intervalMinutes: birds is a snapshot source/,
    );
    expect(problems({ consoles: [{ name: 'a' }], sources: { tokens: { intervalMinutes: 59 } } })).toMatch(
      /sources\.tokens\.intervalMinutes/,
    );
  });

  it('lists every problem: names, ARNs, endpoints, unknown keys', () => {
    const message = problems({
      consoles: [
        { name: 'a#b', secretArn: 'prod-secret' },
        { name: 'x', color: 'red' },
      ],
      destination: { type: 'splunk', hecEndpoint: 'http://hec.example.com' },
      alarmEmail: 'not-an-email',
    });
    for (const part of [
      'consoles[0].name',
      'consoles[0].secretArn',
      'consoles[1]',
      'destination.hecEndpoint: hecEndpoint must be an https:// URL',
      'alarmEmail',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('refuses duplicate console names and no source; no console at all is fine (they are added later)', () => {
    expect(problems({ consoles: [{ name: 'a' }, { name: 'a' }] })).toMatch(/unique/);
    expect(parseDeployment({ consoles: [] }).consoles).toEqual([]);
    const off = { enabled: false };
    expect(
      problems({
        consoles: [{ name: 'a' }],
        sources: { incidents: off, 'audit-trail': off, birds: off, tokens: off },
      }),
    ).toMatch(/at least one source/);
  });

  it('reads the config from a file, cdk.json context or collector.json, and refuses to guess', () => {
    const none = () => false;
    expect(() => deploymentFromContext(() => undefined, none)).toThrow(
      /no deployment config: copy collector.example.json to collector.json/,
    );
    const demo = deploymentFromContext((key) => (key === 'canary-collector:demo' ? 'true' : undefined), none);
    expect(demo).toMatchObject({ demo: true, config: { consoles: [{ name: 'demo' }] } });
    const context: Record<string, unknown> = { 'canary-collector': { consoles: [{ name: 'ctx' }] } };
    expect(deploymentFromContext((key) => context[key], none)).toMatchObject({
      demo: false,
      config: { consoles: [{ name: 'ctx' }] },
    });
    // a config file beats the demo flag: the flag never replaces a real configuration
    const dir = mkdtempSync(join(tmpdir(), 'collector-config-'));
    const file = join(dir, 'prod.json');
    writeFileSync(file, JSON.stringify({ consoles: [{ name: 'prod' }] }));
    const both: Record<string, unknown> = { 'canary-collector:file': file, 'canary-collector:demo': 'true' };
    expect(deploymentFromContext((key) => both[key], none)).toMatchObject({
      demo: false,
      from: file,
      config: { consoles: [{ name: 'prod' }] },
    });
    expect(() =>
      deploymentFromContext((key) => (key === 'canary-collector:file' ? '/nonexistent.json' : undefined)),
    ).toThrow(/does not exist/);
  });

  it('names the file, line and column of invalid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'collector-config-'));
    const cases: Array<[string, RegExp]> = [
      ['{\n  "consoles": [\n    { "name": "a", }\n  ]\n}\n', /:3:20: not valid JSON: unexpected "}"/],
      ['{\n  "consoles": [{ "name": tru }]\n}', /:2:26: not valid JSON/],
      ['{"consoles": [', /:1:15: not valid JSON: the file ends too early/],
    ];
    for (const [text, expected] of cases) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, text);
      expect(() => readJsonFile(file)).toThrow(expected);
    }
    const valid = '{"a": [1, -2.5e3, "x\\u0041\\n", null, true, false, {}, []]}';
    expect(firstSyntaxError(valid)).toBe(valid.length);
    expect(firstSyntaxError('{"a": "\\u00zz"}')).toBe(11);
  });

  it('refuses a start date in the future at synth', () => {
    expect(problems({ consoles: [{ name: 'a', incidentsFrom: '2999-01-01T00:00:00Z' }] })).toMatch(
      /consoles\[0\]\.incidentsFrom: 2999-01-01T00:00:00Z is in the future/,
    );
    expect(problems({ consoles: [{ name: 'a', auditFrom: '2999-01-01' }] })).toMatch(
      /consoles\[0\]\.auditFrom: 2999-01-01 is in the future/,
    );
  });

  it('refuses collectors’ reserved concurrency below fleet.maxConcurrency or below 2, naming both values', () => {
    expect(problems({ consoles: [], reservedConcurrency: 4 })).toContain(
      "reservedConcurrency: the collectors' reservedConcurrency (4) must be at least fleet.maxConcurrency (10) and at least 2",
    );
    expect(problems({ consoles: [], reservedConcurrency: 1, fleet: { maxConcurrency: 2 } })).toMatch(
      /reservedConcurrency \(1\) must be at least fleet\.maxConcurrency \(2\).*raise reservedConcurrency to 2/,
    );
    expect(parseDeployment({ consoles: [], reservedConcurrency: 10 }).reservedConcurrency).toBe(10);
    expect(
      parseDeployment({ consoles: [], reservedConcurrency: 50, fleet: { maxConcurrency: 50 } })
        .reservedConcurrency,
    ).toBe(50);
    expect(parseDeployment({ consoles: [] }).reservedConcurrency).toBeUndefined();
  });
});

describe('synthesis with validation on', () => {
  it('passes the built-in CloudFormation validation and cdk-nag together, as `cdk synth` runs them', () => {
    const { app } = synth({ consoles: [{ name: 'main' }] });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    expect(assembly.getStackByName('Test').template.Resources).toBeDefined();
  });
});
