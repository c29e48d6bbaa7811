import { CollectorError } from '#lib/core/errors.ts';
import type { EventSink, SinkRecord } from '#lib/core/ports.ts';
import { parquetReady } from '#lib/output/ocsf/parquet.ts';

/**
 * Delivers OCSF events to one sink per class (Security Lake takes one class per custom source), made
 * ready for Firehose's Parquet conversion. All or nothing, like every sink: `put` returns only when
 * every class's records are accepted, so the caller commits only then; a re-sent record keeps its
 * `metadata.uid`. An event of a class without a stream is a configuration error, never a silent drop.
 */
export class ClassRoutingSink implements EventSink {
  constructor(private readonly sinks: ReadonlyMap<number, EventSink>) {}

  async put(records: Iterable<SinkRecord>): Promise<{ calls: number; bytes: number }> {
    const byClass = new Map<number, SinkRecord[]>();
    for (const record of records) {
      const classUid = record.class_uid;
      if (typeof classUid !== 'number' || !this.sinks.has(classUid))
        throw new CollectorError(
          'CONFIG_INVALID',
          `no delivery stream for OCSF class ${String(classUid)} (DELIVERY_STREAMS has ${[...this.sinks.keys()].join(', ')})`,
        );
      const batch = byClass.get(classUid);
      if (batch === undefined) byClass.set(classUid, [parquetReady(record)]);
      else batch.push(parquetReady(record));
    }
    let calls = 0;
    let bytes = 0;
    for (const [classUid, batch] of byClass) {
      const sent = await (this.sinks.get(classUid) as EventSink).put(batch);
      calls += sent.calls;
      bytes += sent.bytes;
    }
    return { calls, bytes };
  }
}
