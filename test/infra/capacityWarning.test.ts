import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { largestFleet, neededConcurrency } from '#infra/config/capacity.ts';
import { resources, synth } from './support.ts';

const listed = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `console-${i}` }));
const capacityWarnings = (stack: Parameters<typeof Annotations.fromStack>[0]) =>
  Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('fleet.maxConcurrency'));

describe('the fleet capacity warning at synth', () => {
  // synthesised once each, as the other infra tests do (a synth takes seconds)
  const small = synth({ consoles: listed(1) });
  const fits = largestFleet('incidents', 5, 10);
  const count = fits + 50;
  const over = synth({ consoles: listed(count) });
  const raised = synth({
    consoles: listed(count),
    fleet: { maxConcurrency: neededConcurrency('incidents', 5, count) },
  });

  it('says nothing while the listed consoles fit the default maxConcurrency', () => {
    expect(capacityWarnings(small.stack)).toEqual([]);
  });

  it('warns, per source that would fall behind, how far to raise maxConcurrency', () => {
    const warnings = capacityWarnings(over.stack).map((w) => String(w.entry.data));
    expect(warnings).toEqual([
      expect.stringContaining(
        `incidents: fleet.maxConcurrency 10 keeps about ${fits} consoles on the 5-minute interval`,
      ),
    ]);
    expect(warnings[0]).toContain(
      `raise fleet.maxConcurrency to ${neededConcurrency('incidents', 5, count)}`,
    );
  });

  it('is quiet again at the maxConcurrency it asks for', () => {
    expect(capacityWarnings(raised.stack)).toEqual([]);
  });

  it('puts the oldest run request’s age on the fleet dashboard, against each source’s interval', () => {
    const [[, dashboard] = []] = resources(small.template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    expect(body).toContain('ApproximateAgeOfOldestMessage');
    for (const [source, seconds] of [
      ['incidents', 300],
      ['audit-trail', 900],
      ['birds', 3600],
    ])
      expect(body).toContain(`\\"value\\":${seconds},\\"label\\":\\"${source} interval\\"`);
    // a day drawn across would flatten the hour-long lines
    expect(body).not.toContain('tokens interval');
  });
});
