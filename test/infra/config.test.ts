import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { deploymentFromContext, parseDeployment } from '../../infra/config.ts';
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
      'consoles.0.name',
      'consoles.0.secretArn',
      'consoles.1',
      'destination.hecEndpoint: hecEndpoint must be an https:// URL',
      'alarmEmail',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('refuses duplicate console names, no console, and no source', () => {
    expect(problems({ consoles: [{ name: 'a' }, { name: 'a' }] })).toMatch(/unique/);
    expect(problems({ consoles: [] })).toMatch(/at least one console/);
    const off = { enabled: false };
    expect(
      problems({
        consoles: [{ name: 'a' }],
        sources: { incidents: off, 'audit-trail': off, birds: off, tokens: off },
      }),
    ).toMatch(/at least one source/);
  });

  it('reads the config from cdk.json context, or a file named there, else a demo console', () => {
    expect(deploymentFromContext(() => undefined).consoles).toEqual([{ name: 'main' }]);
    const context: Record<string, unknown> = { 'canary-collector': { consoles: [{ name: 'ctx' }] } };
    expect(deploymentFromContext((key) => context[key]).consoles[0]?.name).toBe('ctx');
    expect(() =>
      deploymentFromContext((key) => (key === 'canary-collector:file' ? '/nonexistent.json' : undefined)),
    ).toThrow(/does not exist/);
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
