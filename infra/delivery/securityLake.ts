import { Aws, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { SourceName } from '#lib/core/ports.ts';
import { OCSF_CLASS_TABLES, ocsfGlueSchemas } from '#siem/securitylake/schemas.ts';
import type { DestinationOf } from '../config/schema.ts';
import { glueDatabase } from '../constructs/athena.ts';
import { type DestinationContext, firehoseBase, type OwnStreams } from './firehose.ts';
import { metadataExtraction, SECURITY_LAKE_PARTITION_QUERY, securityLakePrefix } from './partitioning.ts';

/** Security Lake as the destination: the stack's bucket keeps the JSON copy, one stream per OCSF class. */
export function securityLakeDestination(
  scope: Construct,
  destination: DestinationOf<'securitylake'>,
  context: DestinationContext,
): OwnStreams {
  const base = firehoseBase(scope, destination.backupExpireAfterDays, context.logRetention);
  const lake = new SecurityLakeStreams(scope, 'SecurityLake', {
    destination,
    enabledSources: context.sources,
    backupBucket: base.bucket,
    role: base.role,
    cloudWatchLoggingOptions: base.logging,
  });
  return { base, metricPrefix: 'DeliveryToS3', streams: lake.streams };
}

export interface ClassStream {
  readonly classUid: number;
  readonly arn: string;
  readonly name: string;
}

export interface SecurityLakeStreamsProps {
  readonly destination: DestinationOf<'securitylake'>;
  /** The enabled sources: a stream for each OCSF class they emit. */
  readonly enabledSources: readonly SourceName[];
  /** The stack's own bucket: the JSON copy of every record, before conversion. */
  readonly backupBucket: s3.IBucket;
  /** Firehose's role, which already writes the backup bucket and the delivery log. */
  readonly role: iam.Role;
  readonly cloudWatchLoggingOptions: firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
}

/** `s3://bucket/key/prefix/` → its bucket and key prefix. */
export function splitLocation(location: string): { bucket: string; key: string } {
  const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(location) ?? [];
  return { bucket, key };
}

/**
 * Amazon Security Lake as the destination: for each OCSF class the enabled sources emit, a Glue table
 * of that class's schema (generated from the OCSF repository, siem/securitylake/ocsf-glue.json) and a
 * Firehose stream that converts the JSON events to Parquet against it and writes them to the class's
 * custom source location in Security Lake's layout (`region=/accountId=/eventDay=`), keeping a JSON
 * copy of every record in the stack's own bucket. Errors go outside `ext/`, where Security Lake's
 * crawler never looks.
 */
export class SecurityLakeStreams extends Construct {
  /** One per OCSF class the enabled sources emit. */
  readonly streams: ClassStream[] = [];
  private readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SecurityLakeStreamsProps) {
    super(scope, id);
    const { destination } = props;
    const schemas = ocsfGlueSchemas();
    const database = glueDatabase(this, 'Database');
    this.role = props.role;
    const accountId = destination.accountId ?? Aws.ACCOUNT_ID;

    const tables = OCSF_CLASS_TABLES.filter((t) => t.sources.some((s) => props.enabledSources.includes(s)));
    /** What the destination key may encrypt: the objects under each location and error prefix. */
    const encrypted = new Set<string>();
    for (const table of tables) {
      const location = destination.customSources[table.key];
      if (location === undefined) continue; // refused by the config schema
      const { bucket, key } = splitLocation(location);
      const schema = schemas.classes[String(table.classUid)];
      if (schema === undefined) throw new Error(`no generated schema for OCSF class ${table.classUid}`);
      const glueTable = new glue.CfnTable(this, `Table-${table.name}`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: database.ref,
        tableInput: {
          name: `ocsf_${table.name}`,
          description: `OCSF ${schemas.version} ${table.name} (${table.classUid}): the schema Firehose converts to Parquet with; query Security Lake's own table`,
          tableType: 'EXTERNAL_TABLE',
          parameters: { classification: 'parquet' },
          storageDescriptor: {
            location,
            columns: schema.columns,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            },
          },
        },
      });
      glueTable.node.addDependency(database);
      const tableArn = `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/${database.ref}/ocsf_${table.name}`;
      const errorPrefix = `canary-collector-errors/${table.name}/`;
      for (const objects of [`${key}*`, `${errorPrefix}*`])
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket}/${objects}]`,
          reason: 'The objects under one custom source location (or its error prefix), which Firehose names.',
        });
      // with an S3 Bucket Key, S3 asks KMS with the bucket's ARN as the context, not the object's
      encrypted.add(`arn:${Aws.PARTITION}:s3:::${bucket}`);
      encrypted.add(`arn:${Aws.PARTITION}:s3:::${bucket}/${key}*`);
      encrypted.add(`arn:${Aws.PARTITION}:s3:::${bucket}/${errorPrefix}*`);
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          resources: [
            `arn:${Aws.PARTITION}:s3:::${bucket}/${key}*`,
            `arn:${Aws.PARTITION}:s3:::${bucket}/${errorPrefix}*`,
          ],
        }),
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [`arn:${Aws.PARTITION}:s3:::${bucket}`],
        }),
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
          resources: [
            `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:catalog`,
            `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:database/${database.ref}`,
            tableArn,
          ],
        }),
      );
      const stream = new firehose.CfnDeliveryStream(this, `Stream-${table.name}`, {
        deliveryStreamType: 'DirectPut',
        deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
        extendedS3DestinationConfiguration: {
          bucketArn: `arn:${Aws.PARTITION}:s3:::${bucket}`,
          roleArn: this.role.roleArn,
          prefix: securityLakePrefix(key, Aws.REGION, accountId),
          errorOutputPrefix: `${errorPrefix}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
          // Dynamic partitioning and format conversion both need at least 64 MB; Security Lake wants
          // objects every 5 minutes to a day.
          bufferingHints: { intervalInSeconds: destination.bufferingSeconds, sizeInMBs: 128 },
          compressionFormat: 'UNCOMPRESSED',
          ...(destination.kmsKeyArn === undefined
            ? {}
            : { encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: destination.kmsKeyArn } } }),
          dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
          processingConfiguration: metadataExtraction(SECURITY_LAKE_PARTITION_QUERY),
          dataFormatConversionConfiguration: {
            enabled: true,
            inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
            outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
            schemaConfiguration: {
              catalogId: Aws.ACCOUNT_ID,
              databaseName: database.ref,
              tableName: `ocsf_${table.name}`,
              region: Aws.REGION,
              roleArn: this.role.roleArn,
              versionId: 'LATEST',
            },
          },
          s3BackupMode: 'Enabled',
          s3BackupConfiguration: {
            bucketArn: props.backupBucket.bucketArn,
            roleArn: this.role.roleArn,
            prefix: `securitylake-json/${table.name}/!{timestamp:yyyy/MM/dd}/`,
            errorOutputPrefix: `securitylake-json-failed/${table.name}/!{timestamp:yyyy/MM/dd}/`,
            bufferingHints: { intervalInSeconds: destination.bufferingSeconds, sizeInMBs: 64 },
            compressionFormat: 'GZIP',
            cloudWatchLoggingOptions: props.cloudWatchLoggingOptions,
          },
          cloudWatchLoggingOptions: props.cloudWatchLoggingOptions,
        },
      });
      stream.node.addDependency(glueTable);
      stream.node.addDependency(this.role);
      this.streams.push({ classUid: table.classUid, arn: stream.attrArn, name: stream.ref });
    }
    if (destination.kmsKeyArn !== undefined) {
      // Only through S3, for these objects: the key encrypts what Firehose writes with SSE-KMS, and S3
      // is the service that calls KMS for it (Firehose's documented S3 destination policy). The key is
      // in the bucket's region, which its ARN names.
      const keyRegion = destination.kmsKeyArn.split(':')[3];
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [destination.kmsKeyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `s3.${keyRegion}.amazonaws.com` },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [...encrypted] },
          },
        }),
      );
    }
  }
}
