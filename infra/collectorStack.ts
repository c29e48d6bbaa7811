import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CanaryCollector } from './canaryCollector.ts';
import type { Deployment } from './config.ts';

/** The stack `cdk deploy` creates: the CanaryCollector construct, nothing else. */
export class CollectorStack extends Stack {
  readonly collector: CanaryCollector;

  constructor(scope: Construct, id: string, config: Deployment, props?: StackProps) {
    super(scope, id, { description: 'canary-collector: Thinkst Canary console data into a SIEM', ...props });
    this.collector = new CanaryCollector(this, 'Collector', config);
  }
}
