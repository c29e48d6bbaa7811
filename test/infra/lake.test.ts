import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { S3_PARTITION_QUERY, SECURITY_LAKE_PARTITION_QUERY } from '#infra/delivery/partitioning.ts';
import { athenaQueries } from '#siem/athena/queries.ts';
import { nativeTables, TABLES } from '#siem/athena/tables.ts';
import { OCSF_CLASS_TABLES, ocsfGlueSchemas } from '#siem/securitylake/schemas.ts';
import { actionsOf, resources, statementsOf, synth } from './support.ts';

type Props = Record<string, unknown>;
const nagViolations = (stack: Parameters<AwsSolutionsChecks['validateScope']>[0]) =>
  new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

describe('S3 laid out for query (the default destination)', () => {
  const { stack, template } = synth({ consoles: [{ name: 'main' }] });
  const stream = resources(template, 'AWS::KinesisFirehose::DeliveryStream')[0]?.[1].Properties as Props;
  const s3 = stream.ExtendedS3DestinationConfiguration as Props;

  it('partitions by source type and event date with the JQ the tests run', () => {
    expect(s3.Prefix).toBe(
      'canary/source=!{partitionKeyFromQuery:source}/date=!{partitionKeyFromQuery:date}/',
    );
    expect(s3.DynamicPartitioningConfiguration).toMatchObject({ Enabled: true });
    expect(s3.BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 64 });
    expect(s3.ProcessingConfiguration).toEqual({
      Enabled: true,
      Processors: [
        {
          Type: 'MetadataExtraction',
          Parameters: [
            { ParameterName: 'MetadataExtractionQuery', ParameterValue: S3_PARTITION_QUERY },
            { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
          ],
        },
      ],
    });
    expect(s3.ErrorOutputPrefix).toMatch(/!\{firehose:error-output-type\}/);
  });

  it('has one Glue table per source type, with the generated columns and the date projected', () => {
    const tables = resources(template, 'AWS::Glue::Table').map(([, t]) => t.Properties.TableInput as Props);
    expect(tables.map((t) => t.Name).sort()).toEqual(TABLES.map((t) => `canary_${t}`).sort());
    const columns = nativeTables();
    for (const table of tables) {
      const name = String(table.Name).replace(/^canary_/, '') as (typeof TABLES)[number];
      const sd = table.StorageDescriptor as Props;
      expect(sd.Columns).toEqual(
        columns[name].map((c) =>
          c.comment === undefined
            ? { Name: c.name, Type: c.type }
            : {
                Name: c.name,
                Type: c.type,
                Comment: c.comment,
              },
        ),
      );
      expect(sd.SerdeInfo).toEqual({ SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' });
      expect(JSON.stringify(sd.Location)).toContain(`canary/source=${name}/`);
      expect(table.PartitionKeys).toEqual([
        { Name: 'date', Type: 'string', Comment: 'the event date, YYYY-MM-DD (UTC)' },
      ]);
      expect(table.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.date.type': 'date',
        'projection.date.format': 'yyyy-MM-dd',
      });
      expect(JSON.stringify((table.Parameters as Props)['storage.location.template'])).toContain(
        `canary/source=${name}/date=\${date}/`,
      );
    }
  });

  it('has an Athena workgroup with encrypted results in their own bucket, and the shipped queries in it', () => {
    const [[, workgroup] = []] = resources(template, 'AWS::Athena::WorkGroup');
    const config = workgroup?.Properties.WorkGroupConfiguration as Props;
    expect(config).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
    });
    expect(JSON.stringify(config.ResultConfiguration)).toContain('AthenaResults');
    const queries = resources(template, 'AWS::Athena::NamedQuery').map(([, q]) => q.Properties);
    expect(queries.map((q) => [q.Name, q.QueryString]).sort()).toEqual(
      athenaQueries()
        .map((q) => [q.name, q.sql])
        .sort(),
    );
    for (const query of queries)
      expect(query.WorkGroup).toEqual({ Ref: expect.stringContaining('Workgroup') });
  });

  it('passes cdk-nag', () => {
    expect(nagViolations(stack)).toEqual([]);
  });

  it('creates no tables for OCSF output (Security Lake is its query path), still partitioned', () => {
    const ocsf = synth({ consoles: [{ name: 'main' }], output: { format: 'ocsf' } });
    ocsf.template.resourceCountIs('AWS::Glue::Table', 0);
    ocsf.template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    ocsf.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: { Prefix: s3.Prefix },
    });
  });
});

const LAKE = 's3://aws-security-data-lake-eu-west-1-abc123/ext';
const customSources = {
  detectionFinding: `${LAKE}/canary-finding/1.0/`,
  authentication: `${LAKE}/canary-auth/1.0/`,
  apiActivity: `${LAKE}/canary-api/1.0/`,
  deviceInventoryInfo: `${LAKE}/canary-birds/1.0/`,
  cloudResourcesInventoryInfo: `${LAKE}/canary-tokens/1.0/`,
};

describe('Firehose’s role on the stack’s bucket, for every destination that has one', () => {
  const destinations = {
    s3: undefined,
    splunk: { type: 'splunk', hecEndpoint: 'https://hec.example.com:8088' },
    http: { type: 'http', url: 'https://siem.example.com/ingest', name: 'Elastic' },
    securitylake: { type: 'securitylake', customSources },
  } as const;

  it.each(Object.entries(destinations))(
    '%s: only what Firehose’s documented S3 destination policy names, never a delete',
    (_name, destination) => {
      const { template } = synth({
        consoles: [{ name: 'main' }],
        ...(destination === undefined ? {} : { destination, output: { format: 'ocsf' } }),
      });
      const statements = statementsOf(template, 'CollectorDeliveryRole');
      const s3Actions = actionsOf(statements).filter((action) => action.startsWith('s3:'));
      expect(s3Actions.filter((action) => /Delete|\*/.test(action))).toEqual([]);
      const documented = [
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
      ];
      expect(s3Actions.filter((action) => !documented.includes(action))).toEqual([]);
      expect(s3Actions).toContain('s3:PutObject');
    },
  );
});

describe('Amazon Security Lake as the destination', () => {
  const { stack, template } = synth({
    consoles: [{ name: 'main' }],
    output: { format: 'ocsf' },
    destination: { type: 'securitylake', customSources, accountId: '210987654321' },
  });
  const streams = resources(template, 'AWS::KinesisFirehose::DeliveryStream').map(
    ([id, s]) => [id, s.Properties.ExtendedS3DestinationConfiguration as Props] as const,
  );
  const schemas = ocsfGlueSchemas();

  it('has one stream and one Glue table per OCSF class, the table holding the generated schema', () => {
    expect(streams).toHaveLength(5);
    const tables = resources(template, 'AWS::Glue::Table').map(([, t]) => t.Properties.TableInput as Props);
    expect(tables.map((t) => t.Name).sort()).toEqual(OCSF_CLASS_TABLES.map((c) => `ocsf_${c.name}`).sort());
    for (const c of OCSF_CLASS_TABLES) {
      const table = tables.find((t) => t.Name === `ocsf_${c.name}`) as Props;
      expect((table.StorageDescriptor as Props).Columns).toEqual(
        schemas.classes[String(c.classUid)]?.columns.map((col) => ({ Name: col.name, Type: col.type })),
      );
    }
  });

  it('converts to Parquet against its class table and writes the Security Lake layout', () => {
    for (const c of OCSF_CLASS_TABLES) {
      const found = streams.find(([id]) => id.includes(`Stream${c.name.replaceAll('_', '')}`));
      if (found === undefined) throw new Error(`no stream for ${c.name}`);
      const [, s3] = found;
      const location = customSources[c.key].replace(/^s3:\/\/[^/]+\//, '');
      expect(JSON.stringify(s3.Prefix)).toContain(`${location}region=`);
      expect(JSON.stringify(s3.Prefix)).toContain(
        '/accountId=210987654321/eventDay=!{partitionKeyFromQuery:eventDay}/',
      );
      expect(s3.BucketARN).toEqual({
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':s3:::aws-security-data-lake-eu-west-1-abc123'],
        ],
      });
      expect(s3.ErrorOutputPrefix).toMatch(/^canary-collector-errors\//);
      expect(s3.CompressionFormat).toBe('UNCOMPRESSED');
      expect((s3.BufferingHints as Props).IntervalInSeconds).toBe(300);
      expect((s3.BufferingHints as Props).SizeInMBs).toBeGreaterThanOrEqual(64);
      expect(s3.DataFormatConversionConfiguration).toMatchObject({
        Enabled: true,
        InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
        OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
        SchemaConfiguration: { TableName: `ocsf_${c.name}`, VersionId: 'LATEST' },
      });
      expect(JSON.stringify(s3.ProcessingConfiguration)).toContain(
        JSON.stringify(SECURITY_LAKE_PARTITION_QUERY).slice(1, -1),
      );
      expect(s3.S3BackupMode).toBe('Enabled');
    }
  });

  it('routes each function to its classes’ streams only, and says which stream takes which class', () => {
    const expected: Record<string, number[]> = {
      incidents: [2004],
      audittrail: [3002, 6003],
      birds: [5001],
      tokens: [5023],
    };
    for (const [source, classes] of Object.entries(expected)) {
      const statements = statementsOf(template, `CollectorCollector${source}Role`);
      const put = statements.find((s) => JSON.stringify(s.Action).includes('firehose:PutRecordBatch'));
      const targets = [put?.Resource].flat() as Array<{ 'Fn::GetAtt': [string, string] }>;
      expect(targets).toHaveLength(classes.length);
      const fn = resources(template, 'AWS::Lambda::Function').find(([id]) =>
        id.startsWith(`CollectorCollector${source}Function`),
      );
      if (fn === undefined) throw new Error(`no ${source} function`);
      const env = (fn[1].Properties.Environment as { Variables: Props }).Variables;
      expect(env.DELIVERY_STREAM).toBeUndefined();
      const routed = JSON.stringify(env.DELIVERY_STREAMS);
      for (const uid of classes) expect(routed).toContain(`\\"${uid}\\":`);
      for (const target of targets) {
        const id = target['Fn::GetAtt'][0];
        const name = OCSF_CLASS_TABLES.find((c) =>
          id.includes(`Stream${c.name.replaceAll('_', '')}`),
        )?.classUid;
        expect(classes).toContain(name);
      }
    }
  });

  it('lets Firehose write only the custom source prefixes, read only its Glue tables', () => {
    const statements = statementsOf(template, 'CollectorDeliveryRole');
    const text = JSON.stringify(statements);
    for (const location of Object.values(customSources))
      expect(text).toContain(location.replace('s3://', ':s3:::'));
    expect(actionsOf(statements)).toEqual(
      expect.arrayContaining([
        'glue:GetTable',
        'glue:GetTableVersion',
        'glue:GetTableVersions',
        's3:PutObject',
      ]),
    );
    expect(text).not.toMatch(/"Resource":"\*"/);
    expect(text).not.toContain('s3:DeleteObject"');
  });

  it('uses a destination KMS key only through S3, for the objects under the custom source locations', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const keyed = synth({
      consoles: [{ name: 'main' }],
      output: { format: 'ocsf' },
      destination: { type: 'securitylake', customSources, accountId: '210987654321', kmsKeyArn: keyArn },
    });
    const kms = statementsOf(keyed.template, 'CollectorDeliveryRole').filter((s) =>
      JSON.stringify(s.Action).includes('kms:'),
    );
    expect(kms).toHaveLength(1);
    const [grant] = kms as [{ Action: string[]; Resource: unknown; Condition: Props }];
    expect(grant.Resource).toBe(keyArn);
    expect(grant.Condition.StringEquals).toEqual({ 'kms:ViaService': 's3.eu-west-1.amazonaws.com' });
    const contexts = JSON.stringify(
      (grant.Condition.StringLike as Props)['kms:EncryptionContext:aws:s3:arn'],
    );
    for (const location of Object.values(customSources))
      expect(contexts).toContain(`${location.replace('s3://', ':s3:::')}*`);
    expect(contexts).not.toMatch(/:s3:::\*|abc123\/\*"/);
    expect(nagViolations(keyed.stack)).toEqual([]);
  });

  it('keeps the template under CloudFormation’s 1 MB and each column type under Glue’s 131,072 characters', () => {
    const size = JSON.stringify(template.toJSON()).length;
    expect(size).toBeLessThan(1_000_000);
    for (const c of Object.values(schemas.classes))
      for (const column of c.columns) expect(column.type.length).toBeLessThan(131_072);
  });

  it('passes cdk-nag', () => {
    expect(nagViolations(stack)).toEqual([]);
  });
});
