import type { BirdItem } from '#lib/canary/birds.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { outputRecord } from './record.ts';
import { birdNormalized, birdSemantics } from './semantics.ts';

/** `bird` records (one per bird per snapshot) and `bird_change` records (appeared, disappeared, offline, online). */
export function birdRecords(consoleName: string, items: BirdItem[], collectedAt: string): OutputRecord[] {
  return items.map((item) => {
    const time = new Date(item.snapshotAt).toISOString();
    const common = { console: consoleName, time, collectedAt, canary: item.device };
    if (item.kind === 'bird') {
      return outputRecord({
        ...common,
        source: 'bird',
        key: [item.device.id, item.snapshotAt],
        extra: { ...birdSemantics(item.device), snapshot_at: time, normalized: birdNormalized(item.device) },
      });
    }
    return outputRecord({
      ...common,
      source: 'bird_change',
      key: [item.device.id, item.change, item.snapshotAt],
      extra: {
        ...birdSemantics(item.device, item.change),
        snapshot_at: time,
        change: item.change,
        normalized: birdNormalized(item.device),
      },
    });
  });
}
