import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CollectorError } from '#lib/core/errors.ts';
import { CollectorStack } from './collectorStack.ts';
import { DEMO_STACK, deploymentFromContext } from './config/load.ts';

/** CloudFormation's limit on resources in one stack. */
export const STACK_RESOURCE_LIMIT = 500;

// A mistake in the deployment config is one message with every problem in it, never a stack trace.
try {
  const app = new App();
  const chosen = deploymentFromContext((key) => app.node.tryGetContext(key));
  // cdk-nag's AwsSolutions pack runs on every synth; a finding without a written acknowledgement fails it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const stack = new CollectorStack(
    app,
    stackName(app.node.tryGetContext('canary-collector:stack'), chosen.demo),
    chosen.config,
  );
  // Consoles are data, so only a very unusual destination could reach this; say so rather than fail at deploy.
  const count = stack.node.findAll().filter((c) => c instanceof CfnResource).length;
  if (count > STACK_RESOURCE_LIMIT)
    throw new CollectorError(
      'CONFIG_INVALID',
      `${chosen.from}: the stack needs ${count} CloudFormation resources, over the limit of ${STACK_RESOURCE_LIMIT} per stack`,
    );
} catch (error) {
  if (!(error instanceof CollectorError)) throw error;
  process.stderr.write(`canary-collector: ${error.message}\n`);
  process.exit(1);
}

/** The stack's name: `-c canary-collector:stack=<name>`, else CanaryCollector (the demo has its own). */
function stackName(given: unknown, demo: boolean): string {
  if (given === undefined) return demo ? DEMO_STACK : 'CanaryCollector';
  if (typeof given !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(given)) {
    throw new CollectorError(
      'CONFIG_INVALID',
      `canary-collector:stack "${String(given)}": a stack name is a letter, then up to 127 letters, digits or "-"`,
    );
  }
  return given;
}
