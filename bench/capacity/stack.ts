import { type Deployment, type DeploymentInput, DeploymentSchema } from '#infra/config/schema.ts';
import {
  RUN_REQUEST_MAX_RECEIVES,
  RUN_REQUEST_RETENTION,
  RUN_REQUEST_VISIBILITY_TIMEOUT,
} from '#infra/constructs/fleet.ts';
import { FUNCTION_TIMEOUT } from '#infra/constructs/function.ts';
import { RUN_REQUEST_BATCH_SIZE } from '#infra/constructs/queueCollector.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { CollectorEnvSchema } from '#lib/model/collectorEnv.ts';
import type { QueueRules } from './model.ts';

/**
 * The settings the model replays, read from where the stack defines them (the deployment schema's
 * defaults, the constructs' named constants, the collector environment's defaults), never copied.
 */
export interface StackSettings {
  config: Deployment;
  rules: QueueRules;
  intervals: Array<{ source: SourceName; intervalMinutes: number }>;
  /** The Canary client's settings a collector runs with (HTTP_TIMEOUT_MS, HTTP_MAX_RETRIES). */
  client: { timeoutMs: number; maxRetries: number };
}

export function stackSettings(input: DeploymentInput = {}): StackSettings {
  // the model runs one console per invocation; a larger batch would share a slot and its timeout
  if (RUN_REQUEST_BATCH_SIZE !== 1) throw new Error('the capacity model assumes a batch size of 1');
  const config = DeploymentSchema.parse(input);
  const env = CollectorEnvSchema.parse({
    CONSOLE_REGISTRY: 'true',
    CHECKPOINT_TABLE: 'capacity-model',
    DELIVERY_STREAM: 'capacity-model',
  });
  return {
    config,
    rules: {
      maxConcurrency: config.fleet.maxConcurrency,
      visibilityTimeoutMs: RUN_REQUEST_VISIBILITY_TIMEOUT.toMilliseconds(),
      maxReceiveCount: RUN_REQUEST_MAX_RECEIVES,
      retentionMs: RUN_REQUEST_RETENTION.toMilliseconds(),
      functionTimeoutMs: FUNCTION_TIMEOUT.toMilliseconds(),
    },
    intervals: (Object.keys(config.sources) as SourceName[])
      .filter((source) => config.sources[source].enabled)
      .map((source) => ({ source, intervalMinutes: config.sources[source].intervalMinutes })),
    client: { timeoutMs: env.HTTP_TIMEOUT_MS, maxRetries: env.HTTP_MAX_RETRIES },
  };
}
