import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CollectorStack } from '#infra/collectorStack.ts';
import { parseDeployment } from '#infra/config/load.ts';
import type { DeploymentInput } from '#infra/config/schema.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** Synthesizes the stack for `input` with the feature flags of cdk.json, skipping esbuild bundling. */
export function synth(input: DeploymentInput) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CollectorStack(app, 'Test', parseDeployment(input), {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties: Record<string, unknown> };

export function resources(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.findResources(type)) as Array<[string, Resource]>;
}

/** The statements of the inline policy attached to the role whose logical id starts with `rolePrefix`. */
export function statementsOf(
  template: Template,
  rolePrefix: string,
): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const role = resources(template, 'AWS::IAM::Role').find(([id]) => id.startsWith(rolePrefix));
  if (role === undefined) throw new Error(`no role ${rolePrefix}`);
  const policies = resources(template, 'AWS::IAM::Policy').filter(([, p]) =>
    JSON.stringify(p.Properties.Roles).includes(role[0]),
  );
  return policies.flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: [] }).Statement);
}

export function actionsOf(statements: Array<{ Action: string | string[] }>): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}

/** cdk-nag's AwsSolutions findings on the stack, one line each (rule: construct paths); none expected. */
export function nagFindings(stack: Parameters<AwsSolutionsChecks['validateScope']>[0]): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}
