import type { OutputRecord } from '#lib/core/ports.ts';
import { eventId } from '../shared/ids.ts';

export interface RecordParts {
  console: string;
  source: string;
  /** The object's natural key, hashed into `event_id` with the console and source. */
  key: Array<string | number>;
  time: string;
  collectedAt: string;
  canary: unknown;
  /** Fields between the common ones and `canary` (the normalized view, snapshot time...). */
  extra?: Record<string, unknown>;
}

/**
 * An output record: the six fields of every record, `sourcetype` (`canary:<source>`, usable as a
 * Splunk sourcetype and as a Firehose dynamic-partitioning key), any extra fields, then the object.
 */
export function outputRecord(parts: RecordParts): OutputRecord {
  return {
    event_id: eventId(parts.console, parts.source, ...parts.key),
    source: parts.source,
    console: parts.console,
    time: parts.time,
    collected_at: parts.collectedAt,
    sourcetype: `canary:${parts.source}`,
    ...parts.extra,
    canary: parts.canary,
  };
}
