import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag AwsSolutions-IAM5 finding: a wildcard under the ARN of `resource` (a log
 * group's streams, a bucket's objects, a function's versions). cdk-nag names each finding by the
 * resource's logical id, so the acknowledgement is computed rather than copied from a synth report.
 */
export function acknowledgeWildcard(
  on: IConstruct,
  resource: IConstruct,
  suffix: string,
  reason: string,
): void {
  const element = (resource.node.defaultChild ?? resource) as CfnElement;
  const logicalId = Stack.of(on).getLogicalId(element);
  Validations.of(on).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>${suffix}]`, reason });
}
