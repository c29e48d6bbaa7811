import { describe, expect, it } from 'vitest';
import { actionsOf, nagFindings, resources, statementsOf, synth } from './support.ts';

type Props = Record<string, unknown>;

describe('the fleet: consoles as data, nothing per console in the stack', () => {
  const { stack, template } = synth({ fleet: { maxConcurrency: 20 } });

  it('has a fixed set of parts: four collectors and a dispatcher, one schedule, a queue and dead-letter queue per source', () => {
    template.resourceCountIs('AWS::Lambda::Function', 6);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::SQS::Queue', 1 + 4 * 2);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 4);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const count = Object.keys(template.toJSON().Resources as object).length;
    // the same stack serves 1 or 1,000 registered consoles: they never enter the template
    expect(count).toBeLessThan(120);
  });

  it('takes each source’s queue one console at a time, bounded, reporting failed messages only', () => {
    for (const [, mapping] of resources(template, 'AWS::Lambda::EventSourceMapping'))
      expect(mapping.Properties).toMatchObject({
        BatchSize: 1,
        ScalingConfig: { MaximumConcurrency: 20 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    for (const [id, queue] of resources(template, 'AWS::SQS::Queue'))
      if (id.includes('RunRequests') && !id.includes('Failed'))
        expect(queue.Properties).toMatchObject({
          VisibilityTimeout: 1800,
          RedrivePolicy: { maxReceiveCount: 3 },
        });
  });

  it('runs the dispatcher every minute for the scheduled minute', () => {
    const [[, schedule] = []] = resources(template, 'AWS::Scheduler::Schedule');
    if (schedule === undefined) throw new Error('no schedule');
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'rate(1 minute)' });
    expect((schedule.Properties.Target as Props).Input).toBe(
      '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
    );
    const dispatcher = resources(template, 'AWS::Lambda::Function').find(([id]) =>
      id.startsWith('CollectorFleetFunction'),
    );
    if (dispatcher === undefined) throw new Error('no dispatcher');
    const env = (dispatcher[1].Properties.Environment as { Variables: Props }).Variables;
    expect(JSON.parse(String(env.SOURCE_DEFAULTS))).toEqual({
      incidents: { enabled: true, intervalMinutes: 5 },
      'audit-trail': { enabled: true, intervalMinutes: 15 },
      birds: { enabled: true, intervalMinutes: 60 },
      tokens: { enabled: true, intervalMinutes: 1440 },
    });
    expect(JSON.stringify(env.DISPATCH_QUEUES)).toContain('RunRequestsincidents');
  });

  it('lets a collector read only secrets under the prefix, its source’s checkpoints and registry entries', () => {
    for (const source of ['incidents', 'audittrail', 'birds', 'tokens']) {
      const statements = statementsOf(template, `CollectorCollector${source}Role`);
      const key = source === 'audittrail' ? 'audit-trail' : source;
      const update = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:UpdateItem'));
      expect(update?.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`*#${key}`] },
      });
      const get = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:GetItem'));
      expect(get?.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*'] },
      });
      const secrets = statements.find((s) => JSON.stringify(s.Action).includes('secretsmanager'));
      expect(JSON.stringify(secrets?.Resource)).toContain(':secret:canary-collector/*');
      const fn = resources(template, 'AWS::Lambda::Function').find(([id]) =>
        id.startsWith(`CollectorCollector${source}Function`),
      );
      if (fn === undefined) throw new Error(`no ${source} function`);
      const env = (fn[1].Properties.Environment as { Variables: Props }).Variables;
      expect(env.CONSOLE_REGISTRY).toBe('true');
      expect(env.CONSOLES).toBeUndefined();
    }
    // the dispatcher queries the registry index: it reads no checkpoint, and scans nothing
    const dispatcher = statementsOf(template, 'CollectorFleetRole');
    expect(actionsOf(dispatcher)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'sqs:SendMessage']),
    );
    expect(actionsOf(dispatcher)).not.toContain('dynamodb:Scan');
    const query = dispatcher.find((s) => JSON.stringify(s.Action).includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource)).toMatch(/\/index\/registry"/);
    expect(JSON.stringify(dispatcher)).not.toMatch(/"Resource":"\*"/);
    // the dispatcher's code is updated after the console list is applied (older entries indexed first)
    const [[, dispatcherFn] = []] = resources(template, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('CollectorFleetFunction'),
    );
    expect(JSON.stringify((dispatcherFn as { DependsOn?: unknown } | undefined)?.DependsOn)).toMatch(
      /CollectorConsoleListApplied/,
    );
    // the table has the index: registry entries only (by their kind), by name
    const [[, table] = []] = resources(template, 'AWS::DynamoDB::GlobalTable');
    expect(table?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'registry',
        KeySchema: [
          { AttributeName: 'kind', KeyType: 'HASH' },
          { AttributeName: 'pk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it('watches the fleet without an alarm per console, and passes cdk-nag', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(
      ([id, a]) => [id, a.Properties] as const,
    );
    expect(alarms.some(([id]) => id.includes('FleetRunsFailing'))).toBe(true);
    expect(alarms.filter(([id]) => id.includes('NotRunning'))).toEqual([]);
    const insights = alarms.find(([id]) => id.includes('FleetRunsFailing'))?.[1];
    expect(JSON.stringify(insights?.Metrics)).toContain(
      'SELECT SUM(RunFailed) FROM SCHEMA(CanaryCollector, console, service, source)',
    );
    expect(nagFindings(stack)).toEqual([]);
  });

  it('refuses a listed console’s secret outside the prefix the functions may read', async () => {
    const { parseDeployment } = await import('#infra/config/load.ts');
    const outside = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/canary-AbCdEf';
    expect(() => parseDeployment({ consoles: [{ name: 'a', secretArn: outside }] })).toThrow(
      /consoles\[0\]\.secretArn: the functions read only secrets named under fleet\.secretPrefix \(canary-collector\/\)/,
    );
    expect(
      parseDeployment({ consoles: [{ name: 'a', secretArn: outside }], fleet: { secretPrefix: 'team/' } })
        .consoles,
    ).toHaveLength(1);
    // no console at all is a valid deployment: they are added with console add
    expect(parseDeployment({}).consoles).toEqual([]);
  });
});

describe('the same template for 1, 100 and 1,000 listed consoles', () => {
  const listed = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      name: `console-${String(i).padStart(4, '0')}`,
      incidentsFrom: '2026-01-01T00:00:00Z',
    }));
  const shapes = [1, 100, 1000].map((n) => {
    const json = synth({ consoles: listed(n) }).template.toJSON() as { Resources: Record<string, Props> };
    const text = JSON.stringify(json);
    return {
      n,
      resources: Object.keys(json.Resources).length,
      bytes: text.length,
      // what differs is the list's digest (and the sync function's code asset, when bundled)
      normalized: text
        .replace(/"ConsolesSha256":"[0-9a-f]{64}"/, '"ConsolesSha256":"…"')
        .replace(/"S3Key":"[0-9a-f]{64}\.zip"/g, '"S3Key":"….zip"'),
    };
  });

  it('has the same resources and size, and differs only in the list’s digest', () => {
    const [one, hundred, thousand] = shapes;
    if (one === undefined || hundred === undefined || thousand === undefined) throw new Error('no synth');
    expect(hundred.resources).toBe(one.resources);
    expect(thousand.resources).toBe(one.resources);
    expect(hundred.bytes).toBe(one.bytes);
    expect(thousand.bytes).toBe(one.bytes);
    // compared as booleans: a failure would print two 100 KB templates
    expect(thousand.normalized === one.normalized).toBe(true);
    expect(thousand.normalized).not.toContain('console-0999');
  });
});
