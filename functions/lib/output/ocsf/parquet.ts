import type { OcsfEvent } from './base.ts';

/**
 * An OCSF event as Firehose's JSON-to-Parquet conversion can take it. OCSF types `unmapped` as a
 * generic object, which a Parquet column can only hold as `map<string,string>` (as Security Lake's own
 * tables do): each of its values that is not already a string travels as its JSON text. Everything
 * else is typed by the class schema and passes unchanged.
 */
export function parquetReady(event: OcsfEvent): OcsfEvent {
  const unmapped = event.unmapped;
  if (unmapped === null || typeof unmapped !== 'object') return event;
  const values = Object.values(unmapped);
  // made ready already (the collectors format so; the class router asks again): the same event
  if (values.every((value) => typeof value === 'string')) return event;
  return Object.assign({}, event, {
    unmapped: Object.fromEntries(
      Object.entries(unmapped).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    ),
  });
}
