import type { OutputRecord, SinkRecord } from '../core/ports.ts';
import type { CollectorConfig } from '../entrypoints/collectorEnv.ts';
import { toEcs } from './ecs/index.ts';
import { toOcsf } from './ocsf/index.ts';

/**
 * The output format: native records as they are, or the same records mapped to OCSF 1.4.0 or ECS
 * 8.17 after splitting (so an oversized incident arrives whole in those formats too).
 */
export function inFormat<T>(
  normalize: (items: T[], collectedAt: string) => OutputRecord[],
  config: Pick<CollectorConfig, 'OUTPUT_FORMAT'>,
) {
  if (config.OUTPUT_FORMAT === 'ocsf')
    return (items: T[], collectedAt: string): SinkRecord[] => normalize(items, collectedAt).map(toOcsf);
  if (config.OUTPUT_FORMAT === 'ecs')
    return (items: T[], collectedAt: string): SinkRecord[] => normalize(items, collectedAt).map(toEcs);
  return normalize;
}
