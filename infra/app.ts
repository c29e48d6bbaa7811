import { App } from 'aws-cdk-lib';
import { CollectorStack } from './collectorStack.ts';

const app = new App();
new CollectorStack(app, 'CanaryCollector');
