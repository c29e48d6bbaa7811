import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, nagFindings, resources, statementsOf, synth } from './support.ts';

type Props = Record<string, unknown>;
const env = (template: ReturnType<typeof synth>['template'], prefix: string) => {
  const fn = resources(template, 'AWS::Lambda::Function').find(([id]) => id.startsWith(prefix));
  if (fn === undefined) throw new Error(`no function ${prefix}`);
  return (fn[1].Properties.Environment as { Variables: Props }).Variables;
};

describe('push off (the default)', () => {
  const { template } = synth({ consoles: [{ name: 'main' }] });

  it('has no receiver, no URL, no push key, and the incidents function does not correlate', () => {
    template.resourceCountIs('AWS::Lambda::Url', 0);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(Object.keys(template.toJSON().Outputs as object)).not.toContain('PushUrl');
    expect(env(template, 'CollectorCollectorincidentsFunction').PUSH_CORRELATION).toBeUndefined();
  });
});

describe('push on', () => {
  const { stack, template } = synth({
    consoles: [{ name: 'main' }],
    push: { enabled: true },
  });

  it('adds a receiver behind a function URL, its key, and two outputs', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'key', PasswordLength: 64 }),
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"SecretString"/);
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['PushUrl', 'PushSecretArn']));
    const receiver = resources(template, 'AWS::Lambda::Function').find(([id]) =>
      id.startsWith('CollectorPushFunction'),
    );
    expect(receiver?.[1].Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 15,
      ReservedConcurrentExecutions: 5,
    });
    expect(env(template, 'CollectorPushFunction')).toMatchObject({
      PUSH_SECRET_ID: { Ref: expect.stringMatching(/^CollectorPushKey/) },
      DELIVERY_STREAM: { Ref: expect.any(String) },
      OUTPUT_FORMAT: 'native',
      PUSH_RATE_PER_SECOND: '20',
      PUSH_BURST: '100',
      PUSH_MAX_AGE_SECONDS: '3600',
      PUSH_MAX_BODY_BYTES: '262144',
    });
    expect(env(template, 'CollectorCollectorincidentsFunction').PUSH_CORRELATION).toBe('true');
    // claims expire: the table's TTL attribute
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('lets the receiver read its key, registry entries and claims, write claims, and put to its stream: nothing else', () => {
    const statements = statementsOf(template, 'CollectorPushRole');
    expect(actionsOf(statements)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'firehose:PutRecordBatch',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    const of = (action: string) => statements.find((s) => JSON.stringify(s.Action).includes(action));
    expect(of('dynamodb:GetItem')?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*', 'alert:*'] },
    });
    expect(of('dynamodb:UpdateItem')?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['alert:*'] },
    });
    expect(of('secretsmanager:GetSecretValue')?.Resource).toEqual({
      Ref: expect.stringMatching(/^CollectorPushKey/),
    });
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  it('alarms when webhooks cannot be put to Firehose, and passes cdk-nag', () => {
    const alarm = resources(template, 'AWS::CloudWatch::Alarm').find(([id]) =>
      id.startsWith('CollectorPushDeliveryFailing'),
    );
    expect(alarm?.[1].Properties).toMatchObject({
      MetricName: 'WebhookRequests',
      Dimensions: expect.arrayContaining([{ Name: 'outcome', Value: 'delivery-failed' }]),
    });
    expect(nagFindings(stack)).toEqual([]);
  });

  it('reserves 5 for the receiver unless told otherwise; 0 reserves none', () => {
    const reservedOf = (push: Record<string, unknown>) =>
      resources(
        synth({ consoles: [{ name: 'main' }], push: { enabled: true, ...push } }).template,
        'AWS::Lambda::Function',
      ).find(([id]) => id.startsWith('CollectorPushFunction'))?.[1].Properties?.ReservedConcurrentExecutions;
    expect(reservedOf({ reservedConcurrency: 12 })).toBe(12);
    expect(reservedOf({ reservedConcurrency: 0 })).toBeUndefined();
  });

  it('refuses push without the incidents source it hurries', async () => {
    const { parseDeployment } = await import('#infra/config/load.ts');
    expect(() =>
      parseDeployment({ push: { enabled: true }, sources: { incidents: { enabled: false } } }),
    ).toThrow(/push\.enabled: push tells incidents early/);
  });
});

describe('push to Security Lake', () => {
  const LAKE = 's3://aws-security-data-lake-eu-west-1-abc/ext';
  const { template } = synth({
    consoles: [{ name: 'main' }],
    push: { enabled: true },
    output: { format: 'ocsf' },
    destination: {
      type: 'securitylake',
      customSources: {
        detectionFinding: `${LAKE}/f/1.0/`,
        authentication: `${LAKE}/a/1.0/`,
        apiActivity: `${LAKE}/p/1.0/`,
        deviceInventoryInfo: `${LAKE}/d/1.0/`,
        cloudResourcesInventoryInfo: `${LAKE}/t/1.0/`,
      },
    },
  });

  it('routes pushed findings and audit entries to their classes’ streams only', () => {
    const streams = JSON.parse(
      String(JSON.stringify(env(template, 'CollectorPushFunction').DELIVERY_STREAMS)),
    );
    expect(JSON.stringify(streams)).toMatch(/2004/);
    expect(JSON.stringify(streams)).toMatch(/3002/);
    expect(JSON.stringify(streams)).toMatch(/6003/);
    expect(JSON.stringify(streams)).not.toMatch(/5001|5023/);
    const put = statementsOf(template, 'CollectorPushRole').find(
      (s) => s.Action === 'firehose:PutRecordBatch',
    );
    expect(put?.Resource).toHaveLength(3);
  });
});
