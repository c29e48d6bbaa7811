import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  partitionDirectory,
  S3_PARTITION_QUERY,
  SECURITY_LAKE_PARTITION_QUERY,
} from '#infra/delivery/partitioning.ts';
import { toEcs } from '#lib/output/ecs/index.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { sampleRecords } from '#scripts/fields.ts';

/**
 * The JQ queries the stack gives Firehose's dynamic partitioning, run by jq 1.6 (the engine Firehose
 * runs, `JsonParsingEngine: JQ-1.6`) on real records of both formats: each must produce the keys the
 * local emulator writes, for every record; a null key would send the record to the error prefix.
 */
function jq(query: string, records: unknown[]): Array<Record<string, unknown>> {
  const input = records.map((r) => JSON.stringify(r)).join('\n');
  const output = execFileSync('jq', ['-c', query], { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const native = sampleRecords() as unknown as Array<Record<string, unknown>>;
const ocsf = native.map((r) => toOcsf(r as never) as Record<string, unknown>);
const ecs = native.map((r) => toEcs(r as never) as Record<string, unknown>);

describe('dynamic partitioning keys, computed by jq 1.6', () => {
  it('is jq 1.6, the JQ Firehose runs (install it with apt-get install jq)', () => {
    expect(execFileSync('jq', ['--version'], { encoding: 'utf8' }).trim()).toBe('jq-1.6');
  });

  it.each([
    ['native', native],
    ['ocsf', ocsf],
    ['ecs', ecs],
  ])('S3 layout: the JQ gives every %s record the folder the emulator writes', (_format, records) => {
    const keys = jq(S3_PARTITION_QUERY, records);
    expect(keys).toHaveLength(records.length);
    const folders = keys.map((k) => `canary/source=${k.source}/date=${k.date}`);
    expect(folders).toEqual(records.map((r) => partitionDirectory(r)));
    expect(folders.filter((f) => f.includes('null') || f.includes('unknown'))).toEqual([]);
    expect(new Set(keys.map((k) => k.source))).toEqual(
      new Set(['incident', 'incident_event', 'audit', 'bird', 'bird_change', 'token', 'alert', 'audit_push']),
    );
  });

  it('Security Lake: eventDay is the UTC day of the OCSF time, YYYYMMDD', () => {
    const keys = jq(SECURITY_LAKE_PARTITION_QUERY, ocsf);
    expect(keys.map((k) => k.eventDay)).toEqual(
      ocsf.map((r) => new Date(r.time as number).toISOString().slice(0, 10).replaceAll('-', '')),
    );
  });
});
