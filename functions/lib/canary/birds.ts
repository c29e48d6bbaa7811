import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import * as z from 'zod';
import type { CanaryReader, ReaderPage } from '../core/ports.ts';
import type { CanaryClient } from './client.ts';
import { type Device, DevicesPageSchema } from './schemas.ts';
import { type SnapshotSchedule, snapshotDue, snapshotStamp } from './snapshot.ts';

export const BirdsStateSchema = z.object({
  lastSnapshotAt: z.number().nullable(),
  /**
   * The previous snapshot: brotli of sorted "id\tlive\tname" lines, stored as binary (about 110 KB
   * for 10,000 birds, a quarter of DynamoDB's item limit; `npm run bench` measures it).
   */
  digest: z.instanceof(Uint8Array).nullable(),
});
export type BirdsState = z.infer<typeof BirdsStateSchema>;

export type BirdChange = 'appeared' | 'disappeared' | 'offline' | 'online';

export type BirdItem =
  | { kind: 'bird'; snapshotAt: number; device: Device }
  | {
      kind: 'change';
      snapshotAt: number;
      change: BirdChange;
      device: Device | { id: string; name: string; live: boolean };
    };

interface DigestEntry {
  live: boolean;
  name: string;
}

/**
 * Birds: a snapshot of `/devices/all` at most once per interval (one `bird` item per device), and
 * `change` items for birds that appeared, disappeared, went offline or came back since the previous
 * snapshot, whose digest the checkpoint keeps.
 */
export class BirdsReader implements CanaryReader<BirdsState, BirdItem> {
  readonly name = 'birds' as const;
  private readonly client: CanaryClient;
  private readonly schedule: SnapshotSchedule;
  private readonly now: () => number;

  constructor(client: CanaryClient, options: SnapshotSchedule & { now?: () => number }) {
    this.client = client;
    this.schedule = options;
    this.now = options.now ?? Date.now;
  }

  async *pages(state: BirdsState): AsyncGenerator<ReaderPage<BirdsState, BirdItem>> {
    const stamp = snapshotStamp(this.now(), this.schedule);
    if (!snapshotDue(state.lastSnapshotAt, stamp, this.schedule)) {
      yield { items: [], state, requests: 0, received: 0, duplicates: 0, filtered: 0, last: true };
      return;
    }
    const before = this.client.requestCount;
    const { devices } = await this.client.get('/devices/all', {}, DevicesPageSchema);
    const previous = state.digest === null ? null : decodeDigest(state.digest);
    const items: BirdItem[] = devices.map((device) => ({ kind: 'bird', snapshotAt: stamp, device }));
    if (previous !== null) items.push(...diff(previous, devices, stamp));
    yield {
      items,
      state: { lastSnapshotAt: stamp, digest: encodeDigest(devices) },
      requests: this.client.requestCount - before,
      received: devices.length,
      duplicates: 0,
      filtered: 0,
      last: true,
    };
  }
}

export function isLive(device: Device): boolean {
  return device.live === true || device.live === 'True' || device.live === 'true';
}

function diff(previous: Map<string, DigestEntry>, devices: Device[], snapshotAt: number): BirdItem[] {
  const changes: BirdItem[] = [];
  const seen = new Set<string>();
  for (const device of devices) {
    seen.add(device.id);
    const before = previous.get(device.id);
    const live = isLive(device);
    if (before === undefined) changes.push({ kind: 'change', snapshotAt, change: 'appeared', device });
    else if (before.live && !live) changes.push({ kind: 'change', snapshotAt, change: 'offline', device });
    else if (!before.live && live) changes.push({ kind: 'change', snapshotAt, change: 'online', device });
  }
  for (const [id, entry] of previous) {
    if (!seen.has(id))
      changes.push({
        kind: 'change',
        snapshotAt,
        change: 'disappeared',
        device: { id, name: entry.name, live: entry.live },
      });
  }
  return changes;
}

export function encodeDigest(devices: Device[]): Uint8Array<ArrayBuffer> {
  const lines = devices
    .map(
      (d) =>
        `${d.id}\t${isLive(d) ? 1 : 0}\t${(typeof d.name === 'string' ? d.name : '').replace(/[\t\n]/g, ' ')}`,
    )
    .sort();
  const compressed = brotliCompressSync(lines.join('\n'), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  });
  return Uint8Array.from(compressed);
}

export function decodeDigest(digest: Uint8Array): Map<string, DigestEntry> {
  const text = brotliDecompressSync(digest).toString('utf8');
  const entries = new Map<string, DigestEntry>();
  for (const line of text === '' ? [] : text.split('\n')) {
    const [id = '', live = '0', name = ''] = line.split('\t');
    entries.set(id, { live: live === '1', name });
  }
  return entries;
}
