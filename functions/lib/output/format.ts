import type { OutputRecord, SinkRecord } from '../core/ports.ts';
import type { CollectorConfig } from '../model/collectorEnv.ts';
import { toEcs } from './ecs/index.ts';
import { toOcsf } from './ocsf/index.ts';

export type OutputFormat = CollectorConfig['OUTPUT_FORMAT'];

/**
 * The one place the output format is chosen: native records as they are, or mapped to OCSF 1.4.0 or
 * ECS 8.17, always after splitting (so an oversized incident arrives whole in those formats too).
 * Polled and pushed records go through it alike.
 */
export function formatterFor(format: OutputFormat): (record: OutputRecord) => SinkRecord {
  if (format === 'ocsf') return toOcsf;
  if (format === 'ecs') return toEcs;
  return (record) => record;
}

/** A normalizer whose records come out in `format`. */
export function inFormat<T>(
  normalize: (items: T[], collectedAt: string) => OutputRecord[],
  format: OutputFormat,
): (items: T[], collectedAt: string) => SinkRecord[] {
  if (format === 'native') return normalize;
  const formatted = formatterFor(format);
  return (items, collectedAt) => normalize(items, collectedAt).map(formatted);
}
