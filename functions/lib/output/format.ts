import type { OutputRecord, SinkRecord } from '../core/ports.ts';
import { lineSafeJson, rememberJson } from '../core/serialise.ts';
import type { CollectorConfig } from '../model/collectorEnv.ts';
import { toEcs } from './ecs/index.ts';
import { toOcsf } from './ocsf/index.ts';
import { parquetReady } from './ocsf/parquet.ts';
import { PART_MARGIN_BYTES, partTargetBytes, splitRecord } from './shared/split.ts';

export type OutputFormat = CollectorConfig['OUTPUT_FORMAT'];

/** How records leave besides their format: Parquet-ready OCSF for Security Lake's class streams. */
export interface OutputShape {
  parquet?: boolean;
}

/**
 * The one place the output format is chosen: native records as they are, or mapped to OCSF 1.4.0 or
 * ECS 8.17 (OCSF made Parquet-ready when it goes to Security Lake's class streams, so that what is
 * measured is what is sent). Polled and pushed records go through it alike.
 */
export function formatterFor(
  format: OutputFormat,
  shape: OutputShape = {},
): (record: OutputRecord) => SinkRecord {
  if (format === 'ocsf') return shape.parquet === true ? (record) => parquetReady(toOcsf(record)) : toOcsf;
  if (format === 'ecs') return toEcs;
  return (record) => record;
}

/**
 * A normalizer whose records come out in `format`, each within the sink's record limit: the record is
 * formatted and serialised once (the sink sends that text), and only one whose text does not fit is
 * split (native parts cut to the format's part size, see split.ts) and its parts formatted. Measuring
 * the formatted text, not the native one, costs one serialisation a record in every format.
 */
export function inFormat<T>(
  normalize: (items: T[], collectedAt: string) => OutputRecord[],
  format: OutputFormat,
  maxRecordBytes: number,
  shape: OutputShape = {},
): (items: T[], collectedAt: string) => SinkRecord[] {
  const formatted = formatterFor(format, shape);
  const wholeBytes = maxRecordBytes - PART_MARGIN_BYTES;
  const partBytes = partTargetBytes(format, maxRecordBytes, shape);
  return (items, collectedAt) => {
    const out: SinkRecord[] = [];
    for (const record of normalize(items, collectedAt)) {
      const event = formatted(record);
      const json = lineSafeJson(event);
      if (Buffer.byteLength(json) + 1 <= wholeBytes) {
        rememberJson(event, json);
        out.push(event);
      } else {
        for (const part of splitRecord(record, partBytes)) out.push(formatted(part));
      }
    }
    return out;
  };
}
