import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { athenaQueries } from '#siem/athena/queries.ts';
import { nativeTables, TABLES } from '#siem/athena/tables.ts';

/** The Glue database of a stack: one per stack, so two collectors in one account never share tables. */
export function glueDatabase(scope: Construct, id: string): glue.CfnDatabase {
  const stack = Stack.of(scope);
  return new glue.CfnDatabase(scope, id, {
    catalogId: Aws.ACCOUNT_ID,
    databaseInput: {
      name: stack.stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_'),
      description: 'canary-collector: tables over the records it delivers',
    },
  });
}

export interface AthenaTablesProps {
  /** The delivery bucket the tables read. */
  readonly bucket: s3.IBucket;
  /** The delivery prefix, e.g. `canary/`: tables live at `<prefix>source=<table>/`. */
  readonly prefix: string;
}

/**
 * Query in place: a Glue table per source type over the S3 layout (`canary_<source>`, columns from
 * `siem/athena/tables.json`, the date partition projected so no crawler or MSCK REPAIR is needed), an
 * Athena workgroup whose results are encrypted in their own bucket, and the shipped detections
 * (`siem/athena/*.sql`) as named queries in it.
 */
export class AthenaTables extends Construct {
  readonly database: glue.CfnDatabase;
  /** The workgroup the shipped queries are saved in (`<stack>-queries`). */
  readonly workgroup: athena.CfnWorkGroup;
  readonly resultsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AthenaTablesProps) {
    super(scope, id);
    this.database = glueDatabase(this, 'Database');
    const databaseName = this.database.ref;
    const columns = nativeTables();
    for (const table of TABLES) {
      const location = `s3://${props.bucket.bucketName}/${props.prefix}source=${table}/`;
      new glue.CfnTable(this, `Table-${table}`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName,
        tableInput: {
          name: `canary_${table}`,
          description: `canary-collector ${table} records (native format); docs/fields.md says what each field means`,
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            classification: 'json',
            'projection.enabled': 'true',
            'projection.date.type': 'date',
            'projection.date.format': 'yyyy-MM-dd',
            'projection.date.range': '2015-01-01,NOW+1DAYS',
            'projection.date.interval': '1',
            'projection.date.interval.unit': 'DAYS',
            'storage.location.template': `${location}date=\${date}/`,
          },
          partitionKeys: [{ name: 'date', type: 'string', comment: 'the event date, YYYY-MM-DD (UTC)' }],
          storageDescriptor: {
            location,
            columns: columns[table],
            inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            // The OpenX SerDe hands a JSON object in a string column over as its JSON text (`canary`).
            serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          },
        },
      }).node.addDependency(this.database);
    }

    this.resultsBucket = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-results', expiration: Duration.days(30) }],
    });
    Validations.of(this.resultsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Athena query results, kept 30 days; Athena itself records who ran which query (CloudTrail).',
    });
    this.workgroup = new athena.CfnWorkGroup(this, 'Workgroup', {
      name: `${Stack.of(this).stackName}-queries`,
      description: 'canary-collector: the shipped detections over the delivered records',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // A cost guard: 10 GB scanned per query at most.
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    for (const query of athenaQueries()) {
      const description = /^--\s*(.*)$/m.exec(query.sql)?.[1] ?? query.name;
      new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: description.slice(0, 1024),
        database: databaseName,
        workGroup: this.workgroup.ref,
        queryString: query.sql,
      }).node.addDependency(this.workgroup);
    }
  }
}
