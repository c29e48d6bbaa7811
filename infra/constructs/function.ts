import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeWildcard } from './nag.ts';

/** The repository's root, found from this file (infra/constructs/), not from the working folder. */
const root = new URL('../../', import.meta.url);

/**
 * A handler under functions/<folder>/handler.ts, bundled by the local esbuild with the AWS SDK inside,
 * on Node 24 and arm64; the project's own lock file and root, whatever folder `cdk synth` runs from.
 */
export function bundledHandler(folder: string) {
  return {
    entry: fileURLToPath(new URL(`functions/${folder}/handler.ts`, root)),
    projectRoot: fileURLToPath(root),
    depsLockFilePath: fileURLToPath(new URL('package-lock.json', root)),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    bundling: {
      minify: true,
      target: 'node24',
      format: nodejs.OutputFormat.ESM,
      mainFields: ['module', 'main'],
      externalModules: [],
      banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
  } satisfies nodejs.NodejsFunctionProps;
}

/**
 * A function's own log group and role, the role allowed to write that log group only: the start of
 * every function of the stack (collectors, the dispatcher, the push receiver, the console-list sync).
 * Logical ids `Logs` and `Role`.
 */
export function logGroupAndRole(
  scope: Construct,
  description: string,
  retention: logs.RetentionDays,
): { logGroup: logs.LogGroup; role: iam.Role } {
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroup.logGroupArn}:*`],
    }),
  );
  acknowledgeWildcard(
    role,
    logGroup,
    ':*',
    'The log streams of this function’s own log group (logs:CreateLogStream takes the :* form).',
  );
  return { logGroup, role };
}

/** Timeout and memory from `npm run bench`: 100,000 incidents take ~10 s and ~200 MB locally. */
export const FUNCTION_TIMEOUT = Duration.minutes(5);
export const FUNCTION_MEMORY_MB = 512;
