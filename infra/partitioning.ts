/**
 * The S3 layout for query: `canary/source=<source>/date=<YYYY-MM-DD>/`, by the record's own source and
 * event date (not arrival time), so a query on a day reads that day's objects only. Firehose dynamic
 * partitioning applies `S3_PARTITION_QUERY` (JQ); the local Firehose emulator applies
 * `partitionDirectory`, the same keys in code, so queries run on the same layout locally.
 */
export const S3_PARTITION_QUERY = '{source: .source, date: .time[0:10]}';
export const S3_PARTITION_PREFIX =
  'canary/source=!{partitionKeyFromQuery:source}/date=!{partitionKeyFromQuery:date}/';

export function partitionDirectory(record: { source?: unknown; time?: unknown }): string {
  const source = typeof record.source === 'string' ? record.source : 'unknown';
  const date = typeof record.time === 'string' ? record.time.slice(0, 10) : 'unknown';
  return `canary/source=${source}/date=${date}`;
}
