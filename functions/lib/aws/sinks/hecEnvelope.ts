import { mapped } from '#lib/core/iterables.ts';
import type { EventSink, SinkRecord } from '#lib/core/ports.ts';

/**
 * Splunk HEC's event format (`{"time", "host", "source", "sourcetype", "event"}`), which Firehose's
 * Splunk destination passes as it is to HEC's event endpoint: so each record sets its own sourcetype
 * (`thinkst:canary:<source>` for native records, `thinkst:canary:ocsf` / `:ecs` for the other
 * formats) and time, whatever sourcetype the HEC token has. `source` is the record's source type,
 * `host` the console.
 */
export function hecEvent(record: SinkRecord): SinkRecord {
  const metadata = record.metadata as { log_name?: unknown; tenant_uid?: unknown } | undefined;
  const custom = record.thinkst_canary as { source?: unknown; console?: unknown } | undefined;
  let format: 'native' | 'ocsf' | 'ecs' = 'native';
  if (typeof record.class_uid === 'number') format = 'ocsf';
  else if (custom !== undefined) format = 'ecs';
  const source =
    format === 'native'
      ? record.source
      : format === 'ecs'
        ? custom?.source
        : String(metadata?.log_name ?? '').replace(/^canary:/, '');
  const host =
    format === 'native' ? record.console : format === 'ecs' ? custom?.console : metadata?.tenant_uid;
  const when =
    format === 'ocsf'
      ? Number(record.time)
      : Date.parse(String(format === 'ecs' ? record['@timestamp'] : record.time));
  return {
    time: Number.isFinite(when) ? when / 1000 : undefined,
    host: typeof host === 'string' ? host : 'canary-collector',
    source: typeof source === 'string' ? source : 'canary-collector',
    sourcetype: format === 'native' ? `thinkst:canary:${String(source)}` : `thinkst:canary:${format}`,
    event: record,
  };
}

/** Delivers every record in its HEC envelope (the Splunk destination on the Event endpoint). */
export class HecEnvelopeSink implements EventSink {
  constructor(private readonly inner: EventSink) {}

  put(records: Iterable<SinkRecord>): Promise<{ calls: number; bytes: number }> {
    return this.inner.put(mapped(records, hecEvent));
  }
}
