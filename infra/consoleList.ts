import { writeFileSync } from 'node:fs';
import { CustomResource, Duration, FileSystem } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  CONSOLE_LIST_FILE,
  type ListedConsole,
  listDigest,
  listFileIn,
} from '../functions/lib/aws/registrySync.ts';
import type { Deployment } from './config.ts';
import { bundledHandler, logGroupAndRole } from './scheduledCollector.ts';

/**
 * The deployment config's consoles, applied to the console registry by a custom resource at deploy.
 * The list travels in the sync function's bundle (consoles.json), not in the template, and the
 * resource carries only its digest: the template is the same size for 1 or 1,000 listed consoles.
 */
export class ConsoleList extends Construct {
  readonly listed: ListedConsole[];
  readonly digest: string;

  constructor(
    scope: Construct,
    id: string,
    props: {
      consoles: Deployment['consoles'];
      secretPrefix: string;
      table: dynamodb.ITableV2;
      logRetention: logs.RetentionDays;
    },
  ) {
    super(scope, id);
    this.listed = props.consoles.map((c) => ({
      name: c.name,
      secretId: c.secretArn ?? `${props.secretPrefix}${c.name}`,
      ...(c.incidentsFrom === undefined ? {} : { incidentsFrom: c.incidentsFrom }),
      ...(c.auditFrom === undefined ? {} : { auditFrom: c.auditFrom }),
      ...(c.allowedHosts === undefined ? {} : { allowedHosts: c.allowedHosts }),
    }));
    const text = JSON.stringify(this.listed);
    this.digest = listDigest(text);
    const file = listFileIn(FileSystem.mkdtemp('canary-collector-consoles'));
    writeFileSync(file, text);

    const { logGroup, role } = logGroupAndRole(
      this,
      'canary-collector console list: applies the consoles of the deployment config to the console registry',
      props.logRetention,
    );
    // A Scan cannot be limited to the registry's keys; it reads checkpoints' positions, never secrets.
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.table.tableArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*', 'fleet-registry'] },
        },
      }),
    );
    const bundled = bundledHandler('registry-sync');
    const fn = new nodejs.NodejsFunction(this, 'Function', {
      ...bundled,
      bundling: {
        ...bundled.bundling,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `cp "${file}" "${output}/${CONSOLE_LIST_FILE}"`,
          ],
        },
      },
      memorySize: 256,
      timeout: Duration.minutes(5),
      role,
      logGroup,
      environment: {
        CHECKPOINT_TABLE: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    new CustomResource(this, 'Applied', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::ConsoleList',
      properties: { ConsolesSha256: this.digest },
    });
  }
}
