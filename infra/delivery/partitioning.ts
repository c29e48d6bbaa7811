/**
 * The S3 layout for query: `<prefix>source=<source>/date=<YYYY-MM-DD>/`, by the record's own source
 * and event date (not arrival time), so a query on a day reads that day's objects only. Firehose
 * dynamic partitioning applies `S3_PARTITION_QUERY` (JQ 1.6, as Firehose runs it); the local Firehose
 * emulator applies `partitionDirectory`, the same keys in code, and a test runs the JQ on real records
 * of every format with jq 1.6 and compares. Native records carry `source` and an ISO `time`; OCSF ones
 * carry the sourcetype as `metadata.log_name` and `time` in epoch milliseconds; ECS ones
 * `thinkst_canary.source` and `@timestamp` (their `source` is the attacker's address object).
 */
export const S3_PARTITION_QUERY =
  '{source: (if (.source | type) == "string" then .source elif .thinkst_canary.source then .thinkst_canary.source else (.metadata.log_name | ltrimstr("canary:")) end), date: (if (.time | type) == "number" then (.time / 1000 | floor | strftime("%Y-%m-%d")) elif (.time | type) == "string" then .time[0:10] else .["@timestamp"][0:10] end)}';

export function s3PartitionPrefix(prefix: string): string {
  return `${prefix}source=!{partitionKeyFromQuery:source}/date=!{partitionKeyFromQuery:date}/`;
}

/** Security Lake's layout below a custom source's location: `region=<r>/accountId=<a>/eventDay=<YYYYMMDD>/`. */
export const SECURITY_LAKE_PARTITION_QUERY = '{eventDay: (.time / 1000 | floor | strftime("%Y%m%d"))}';

export function securityLakePrefix(location: string, region: string, accountId: string): string {
  return `${location}region=${region}/accountId=${accountId}/eventDay=!{partitionKeyFromQuery:eventDay}/`;
}

export function partitionDirectory(record: Record<string, unknown>, prefix = 'canary/'): string {
  const logName = (record.metadata as { log_name?: unknown } | undefined)?.log_name;
  const custom = (record.thinkst_canary as { source?: unknown } | undefined)?.source;
  const source =
    typeof record.source === 'string'
      ? record.source
      : typeof custom === 'string'
        ? custom
        : typeof logName === 'string'
          ? logName.replace(/^canary:/, '')
          : 'unknown';
  const timestamp = record['@timestamp'];
  const date =
    typeof record.time === 'number'
      ? new Date(record.time).toISOString().slice(0, 10)
      : typeof record.time === 'string'
        ? record.time.slice(0, 10)
        : typeof timestamp === 'string'
          ? timestamp.slice(0, 10)
          : 'unknown';
  return `${prefix}source=${source}/date=${date}`;
}

/** Firehose's processing step that computes the partition keys with `query` (JQ 1.6). */
export function metadataExtraction(query: string) {
  return {
    enabled: true,
    processors: [
      {
        type: 'MetadataExtraction',
        parameters: [
          { parameterName: 'MetadataExtractionQuery', parameterValue: query },
          { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
        ],
      },
    ],
  };
}
