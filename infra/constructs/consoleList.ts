import { writeFileSync } from 'node:fs';
import { CustomResource, Duration, FileSystem } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REGISTRY_INDEX } from '#lib/aws/registry.ts';
import { CONSOLE_LIST_FILE, type ListedConsole, listDigest, listFileIn } from '#lib/aws/registrySync.ts';
import { RegistrySyncEnvSchema } from '#lib/model/registrySyncEnv.ts';
import { environmentFor } from '../config/environment.ts';
import type { DeployedConsole } from '../config/schema.ts';
import { bundledHandler, logGroupAndRole } from './function.ts';

export interface ConsoleListProps {
  /** The deployment config's consoles; a console taken off the list leaves the registry. */
  readonly consoles: readonly DeployedConsole[];
  /** A console without its own secretArn reads the secret `<secretPrefix><name>`. */
  readonly secretPrefix: string;
  /** The table holding the console registry. */
  readonly table: dynamodb.ITableV2;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The deployment config's consoles, applied to the console registry by a custom resource at deploy.
 * The list travels in the sync function's bundle (consoles.json), not in the template, and the
 * resource carries only its digest: the template is the same size for 1 or 1,000 listed consoles.
 */
export class ConsoleList extends Construct {
  /** The consoles as the registry takes them (the bundle's consoles.json). */
  readonly listed: ListedConsole[];
  /** The list's digest: the custom resource's one property, so a changed list is applied again. */
  readonly digest: string;
  /** The sync function, the custom resource's service token. */
  readonly function: nodejs.NodejsFunction;
  /** The list applied at deploy: what runs after it sees the registry as the list made it. */
  readonly applied: CustomResource;

  constructor(scope: Construct, id: string, props: ConsoleListProps) {
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
    // The registry index lists the entries; a Scan finds entries written before it (it cannot be
    // limited to the registry's keys: it reads checkpoints' positions, never secrets).
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${REGISTRY_INDEX.name}`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.table.tableArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['registry:*'] } },
      }),
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
    this.function = new nodejs.NodejsFunction(this, 'Function', {
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
      environment: environmentFor(RegistrySyncEnvSchema, {
        CHECKPOINT_TABLE: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'canary-collector',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      }),
    });
    this.applied = new CustomResource(this, 'Applied', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::ConsoleList',
      // The index named too: the deploy that adds it runs the sync, which puts older entries into it.
      properties: {
        ConsolesSha256: this.digest,
        RegistryIndex: `${REGISTRY_INDEX.name}:${REGISTRY_INDEX.partitionKey}`,
      },
    });
  }
}
