import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { partitionDirectory } from '#infra/delivery/partitioning.ts';
import { Rng } from '../simulator/random.ts';
import { AwsError } from './awsJson.ts';

export interface FirehoseEmulatorOptions {
  /** Where delivered records go: `<outDir>/<stream>.ndjson`, or `<outDir>/<fileName>` when given. */
  outDir: string;
  fileName?: string;
  /** Count records whose id the output file already holds (`redelivered`): a resumed local run's. */
  countRedelivered?: boolean;
  /** Also write each record under `<outDir>/canary/source=…/date=…/`, the S3 layout for query. */
  partitioned?: boolean;
  streams?: string[];
  /** Fraction of records to refuse (partial failure, as Firehose reports it). */
  failRate?: number;
  seed?: number;
}

/**
 * Amazon Data Firehose, as far as the collector uses it: PutRecordBatch and PutRecord. Accepted
 * records are appended, decoded, to an NDJSON file per stream: exactly what the SIEM would receive.
 */
export class FirehoseEmulator {
  failRate: number;
  /** Throw this error for the next `outageCalls` calls (a throttle or an outage). */
  outage: { error: string; calls: number } | undefined;
  calls = 0;
  accepted = 0;
  refused = 0;
  /** Records written whose event id the file already held (with `countRedelivered`). */
  redelivered = 0;
  private readonly seen = new Map<string, Set<string>>();
  private readonly options: FirehoseEmulatorOptions;
  private readonly rng: Rng;

  constructor(options: FirehoseEmulatorOptions) {
    this.options = options;
    this.failRate = options.failRate ?? 0;
    this.rng = new Rng(options.seed ?? 42);
    // what a local run delivers may hold attackers' input: the owner's only, as the CLI's out/ folder
    mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  }

  get outDir(): string {
    return this.options.outDir;
  }

  outFile(stream: string): string {
    return join(this.options.outDir, this.options.fileName ?? `${stream}.ndjson`);
  }

  handle(operation: string, input: Record<string, unknown>): unknown {
    this.calls++;
    if (this.outage !== undefined && this.outage.calls > 0) {
      this.outage.calls--;
      throw new AwsError(this.outage.error, 'simulated outage', 500);
    }
    const stream = String(input.DeliveryStreamName ?? '');
    if (this.options.streams !== undefined && !this.options.streams.includes(stream)) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Firehose ${stream} under account 000000000000 not found.`,
      );
    }
    if (operation === 'PutRecord') {
      const record = input.Record as { Data: string };
      this.write(stream, [Buffer.from(record.Data, 'base64')]);
      return { RecordId: this.recordId(), Encrypted: false };
    }
    if (operation !== 'PutRecordBatch') throw new AwsError('UnknownOperationException', operation);
    const records = (input.Records as Array<{ Data: string }>) ?? [];
    if (records.length > 500) throw new AwsError('InvalidArgumentException', 'at most 500 records per batch');
    const accepted: Buffer[] = [];
    const responses = records.map((record) => {
      const data = Buffer.from(record.Data, 'base64');
      if (data.byteLength > 1_024_000)
        return { ErrorCode: 'InvalidArgumentException', ErrorMessage: 'record too large' };
      if (this.rng.next() < this.failRate)
        return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
      accepted.push(data);
      return { RecordId: this.recordId() };
    });
    this.write(stream, accepted);
    const failed = records.length - accepted.length;
    this.refused += failed;
    return { FailedPutCount: failed, Encrypted: false, RequestResponses: responses };
  }

  private write(stream: string, records: Buffer[]): void {
    if (records.length === 0) return;
    this.accepted += records.length;
    if (this.options.countRedelivered === true) this.countSeen(this.outFile(stream), records);
    appendFileSync(this.outFile(stream), Buffer.concat(records), { mode: 0o600 });
    if (this.options.partitioned === true) this.writePartitioned(stream, records);
  }

  private countSeen(file: string, records: Buffer[]): void {
    let ids = this.seen.get(file);
    if (ids === undefined) {
      ids = new Set(existsSync(file) ? idsIn(readFileSync(file, 'utf8')) : []);
      this.seen.set(file, ids);
    }
    for (const id of idsIn(Buffer.concat(records).toString('utf8'))) {
      if (ids.has(id)) this.redelivered++;
      else ids.add(id);
    }
  }

  private writePartitioned(stream: string, records: Buffer[]): void {
    const groups = new Map<string, Buffer[]>();
    for (const record of records) {
      const dir = partitionDirectory(JSON.parse(record.toString('utf8')) as Record<string, unknown>);
      groups.set(dir, [...(groups.get(dir) ?? []), record]);
    }
    for (const [dir, group] of groups) {
      mkdirSync(join(this.options.outDir, dir), { recursive: true, mode: 0o700 });
      appendFileSync(join(this.options.outDir, dir, `${stream}.ndjson`), Buffer.concat(group), {
        mode: 0o600,
      });
    }
  }

  private recordId(): string {
    return this.rng.hex(32);
  }
}

/** Each NDJSON line's event id: native event_id, OCSF metadata.uid, ECS event.id (all 32 hex digits). */
function* idsIn(text: string): Generator<string> {
  for (const line of text.split('\n')) {
    const id = /"(?:event_id|uid|id)":"([0-9a-f]{32})"/.exec(line)?.[1];
    if (id !== undefined) yield id;
  }
}
