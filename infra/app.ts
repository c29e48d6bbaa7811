import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CollectorStack } from './collectorStack.ts';
import { deploymentFromContext } from './config.ts';

const app = new App();
// cdk-nag's AwsSolutions pack runs on every synth; a finding without a written acknowledgement fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
new CollectorStack(
  app,
  'CanaryCollector',
  deploymentFromContext((key) => app.node.tryGetContext(key)),
);
