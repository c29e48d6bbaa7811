import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { actionsOf, nagFindings, resources, statementsOf, synth } from './support.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:canary-collector/lab-key-AbCdEf';
const STREAM_ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/siem-in';

describe('one console to S3 (the default)', () => {
  const { stack, template } = synth({
    consoles: [{ name: 'main', incidentsFrom: '2026-01-01T00:00:00Z' }],
    alarmEmail: 'soc@example.com',
  });

  it('names the Athena workgroup and Glue database for report --athena in its outputs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const workgroup = resources(template, 'AWS::Athena::WorkGroup')[0]?.[0];
    const database = resources(template, 'AWS::Glue::Database')[0]?.[0];
    expect(outputs.AthenaWorkgroup?.Value).toEqual({ Ref: workgroup });
    expect(outputs.GlueDatabase?.Value).toEqual({ Ref: database });
    // an OCSF collector has no tables to read, so no outputs that name them
    const ocsf = synth({ consoles: [{ name: 'main' }], output: { format: 'ocsf' } });
    expect(Object.keys(ocsf.template.toJSON().Outputs as object)).not.toContain('AthenaWorkgroup');
  });

  it('creates every part once, one function and alarm set per source, and nothing per console', () => {
    // four collectors, the dispatcher and the console list's sync
    template.resourceCountIs('AWS::Lambda::Function', 6);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('Custom::ConsoleList', 1);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    // the delivery bucket and the Athena results bucket
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.resourceCountIs('AWS::Glue::Database', 1);
    // one per source type: the six polled ones, and the push path's alert and audit_push
    template.resourceCountIs('AWS::Glue::Table', 8);
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    // the five detections and the report's eight queries (siem/athena/*.sql)
    template.resourceCountIs('AWS::Athena::NamedQuery', 5 + 8);
    // the schedules' dead-letter queue; per source its run requests and their dead letters
    template.resourceCountIs('AWS::SQS::Queue', 1 + 4 * 2);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // per function: errors, throttles, duration; per source: run requests dead-lettered;
    // shared: dead letters, Firehose failing, Firehose stale, fleet runs failing, fleet falling behind
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 * 3 + 4 + 3 + 2);
  });

  it('runs each function on nodejs24.x, arm64, with its own log group; collectors read the registry', () => {
    const functions = resources(template, 'AWS::Lambda::Function');
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      expect(fn.Properties.LoggingConfig).toMatchObject({
        LogGroup: { Ref: expect.stringContaining('Logs') },
      });
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        CHECKPOINT_TABLE: { Ref: expect.any(String) },
      });
      // no console is ever in a function's environment: consoles are registry data
      expect(JSON.stringify(env)).not.toContain('incidentsFrom');
    }
    const collectors = functions.filter(([id]) => id.startsWith('CollectorCollector'));
    expect(collectors).toHaveLength(4);
    for (const [, fn] of collectors) {
      expect(fn.Properties).toMatchObject({ MemorySize: 512, Timeout: 300 });
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        CONSOLE_REGISTRY: 'true',
        OUTPUT_CREDENTIALS: 'mask',
        OUTPUT_FORMAT: 'native',
        OUTPUT_FLATTEN: 'false',
      });
    }
    for (const [, group] of resources(template, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('applies the listed console to the registry through a custom resource carrying only its digest and the index', async () => {
    const { listDigest } = await import('#lib/aws/registrySync.ts');
    const [[, list] = []] = resources(template, 'Custom::ConsoleList');
    expect(list?.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^CollectorConsoleListFunction/), 'Arn'] },
      ConsolesSha256: listDigest(
        JSON.stringify([
          { name: 'main', secretId: 'canary-collector/main', incidentsFrom: '2026-01-01T00:00:00Z' },
        ]),
      ),
      // the deploy that adds the registry index runs the sync: it puts older entries into the index
      RegistryIndex: 'registry:kind',
    });
    const statements = statementsOf(template, 'CollectorConsoleListRole');
    expect(actionsOf(statements)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    const writes = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:PutItem'));
    expect(writes?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*', 'fleet-registry'] },
    });
    // adopting an older entry into the index updates registry entries only
    const adopt = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:UpdateItem'));
    expect(adopt?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*'] },
    });
    const query = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:Query'));
    expect(JSON.stringify(query?.Resource)).toContain('/index/registry');
  });

  it('keeps state in a retained, recoverable, encrypted, on-demand table', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('puts no secret value in the template, and names where the consoles’ secrets go', () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"SecretString"/);
    template.hasOutput('ConsoleSecretPrefix', { Value: 'canary-collector/' });
  });

  it('delivers to an encrypted, private, TLS-only bucket with lifecycle rules, failures included', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        ErrorOutputPrefix: Match.stringLikeRegexp('^failed/'),
        CompressionFormat: 'GZIP',
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('gives each function only its own checkpoint items, the consoles’ secrets and its stream', () => {
    for (const source of ['incidents', 'audittrail', 'birds', 'tokens']) {
      const statements = statementsOf(template, `CollectorCollector${source}Role`);
      expect(actionsOf(statements)).toEqual([
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
        'firehose:PutRecordBatch',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:GetSecretValue',
        // its run-request queue, as Lambda's event source mapping needs
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ]);
      const dynamo = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:UpdateItem'));
      const key = source === 'audittrail' ? 'audit-trail' : source;
      expect(dynamo?.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`*#${key}`] },
      });
      expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
    }
  });

  it('watches what matters: the alarm metrics', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const metricNames = alarms.map((a) => a.MetricName).sort();
    for (const name of [
      'Errors',
      'Throttles',
      'Duration',
      'ApproximateNumberOfMessagesVisible',
      'DeliveryToS3.Success',
      'DeliveryToS3.DataFreshness',
    ]) {
      expect(metricNames).toContain(name);
    }
    const queries = alarms.map((a) => JSON.stringify(a.Metrics ?? '')).join('\n');
    expect(queries).toContain('SELECT SUM(RunFailed) FROM SCHEMA(CanaryCollector, console, service, source)');
    expect(queries).toContain(
      "SELECT MAX(BacklogRemaining) FROM SCHEMA(CanaryCollector, console, service, source) WHERE source != 'birds' AND source != 'tokens'",
    );
    expect(alarms.every((a) => JSON.stringify(a.AlarmActions).includes('Alarms'))).toBe(true);
  });

  it('passes every cdk-nag AwsSolutions check, each exception acknowledged with a reason', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('two consoles to Splunk HEC', () => {
  const { stack, template } = synth({
    consoles: [{ name: 'prod' }, { name: 'lab', secretArn: SECRET_ARN }],
    destination: { type: 'splunk', hecEndpoint: 'https://hec.example.com:8088' },
  });

  it('sends to Splunk with the HEC token in Secrets Manager', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // the HEC token placeholder only: the consoles' secrets are not the stack's
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      SplunkDestinationConfiguration: Match.objectLike({
        HECEndpoint: 'https://hec.example.com:8088',
        // each record names its sourcetype and time in HEC's event envelope
        HECEndpointType: 'Event',
        S3BackupMode: 'FailedEventsOnly',
        SecretsManagerConfiguration: Match.objectLike({ Enabled: true }),
      }),
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('HECToken');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'hec_token' }),
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 * 3 + 4 + 3 + 2);
    for (const [, fn] of resources(template, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('CollectorCollector'),
    ))
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        OUTPUT_ENVELOPE: 'splunk-hec',
      });
    // the raw endpoint takes records as they are, under the token's sourcetype
    const raw = synth({
      consoles: [{ name: 'prod' }],
      destination: { type: 'splunk', hecEndpoint: 'https://hec.example.com:8088', hecEndpointType: 'Raw' },
    });
    for (const [, fn] of resources(raw.template, 'AWS::Lambda::Function'))
      expect(
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.OUTPUT_ENVELOPE,
      ).toBeUndefined();
  });

  it('lists both consoles, the one with its own secret name under the prefix', async () => {
    const { listDigest } = await import('#lib/aws/registrySync.ts');
    const [[, list] = []] = resources(template, 'Custom::ConsoleList');
    expect(list?.Properties.ConsolesSha256).toBe(
      listDigest(
        JSON.stringify([
          { name: 'prod', secretId: 'canary-collector/prod' },
          { name: 'lab', secretId: SECRET_ARN },
        ]),
      ),
    );
  });

  it('passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('an existing delivery stream, two sources', () => {
  const { stack, template } = synth({
    consoles: [{ name: 'main', secretArn: SECRET_ARN }],
    destination: { type: 'existing', streamArn: STREAM_ARN },
    sources: { 'audit-trail': { enabled: false }, tokens: { enabled: false } },
  });

  it('creates no stream, bucket or secret, and puts records only to the given stream', () => {
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    // two collectors, the dispatcher, the console list's sync
    template.resourceCountIs('AWS::Lambda::Function', 4);
    // per function 3, per source a dead-letter alarm; the schedules' dead letters; the fleet's two
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2 * 3 + 2 + 1 + 2);
    const statements = statementsOf(template, 'CollectorCollectorbirdsRole');
    expect(statements.find((s) => s.Action === 'firehose:PutRecordBatch')?.Resource).toBe(STREAM_ARN);
    const env = resources(template, 'AWS::Lambda::Function')
      .filter(([id]) => id.startsWith('CollectorCollector'))
      .map(([, f]) => (f.Properties.Environment as { Variables: Record<string, string> }).Variables);
    expect(env.map((e) => e.DELIVERY_STREAM)).toEqual(['siem-in', 'siem-in']);
    expect(env.find((e) => e.BIRDS_INTERVAL_MINUTES !== undefined)?.BIRDS_INTERVAL_MINUTES).toBe('60');
  });

  it('passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('one console to a generic HTTP endpoint', () => {
  const { stack, template } = synth({
    consoles: [{ name: 'main' }],
    destination: { type: 'http', url: 'https://siem.example.com/ingest', name: 'Elastic' },
  });

  it('sends gzip to the endpoint with its key in Secrets Manager, failures backed up to S3', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      HttpEndpointDestinationConfiguration: Match.objectLike({
        EndpointConfiguration: { Url: 'https://siem.example.com/ingest', Name: 'Elastic' },
        RequestConfiguration: { ContentEncoding: 'GZIP' },
        S3BackupMode: 'FailedDataOnly',
        SecretsManagerConfiguration: Match.objectLike({ Enabled: true }),
      }),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'api_key' }),
    });
    const metricNames = resources(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.MetricName);
    expect(metricNames).toContain('DeliveryToHttpEndpoint.DataFreshness');
  });

  it('passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('alarms on long intervals', () => {
  const { template } = synth({
    consoles: [{ name: 'main' }],
    sources: { incidents: { intervalMinutes: 720 } },
  });

  it('never asks CloudWatch to evaluate more than a day', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) =>
        a.Properties as {
          MetricName: string;
          Period: number;
          EvaluationPeriods: number;
          Dimensions?: unknown;
        },
    );
    const errors = alarms.find(
      (a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes('incidents'),
    );
    expect(errors).toMatchObject({ Period: 43_200, EvaluationPeriods: 2 });
    // the fleet's Metrics Insights alarms have fixed 15-minute periods inside their query
    for (const alarm of alarms.filter((a) => a.Period !== undefined))
      expect(alarm.Period * alarm.EvaluationPeriods).toBeLessThanOrEqual(86_400);
  });
});
