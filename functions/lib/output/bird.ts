import type { BirdItem } from '../canary/birds.ts';
import type { OutputRecord } from '../core/ports.ts';
import { eventId } from './common.ts';

/** `bird` records (one per bird per snapshot) and `bird_change` records (appeared, disappeared, offline, online). */
export function birdRecords(consoleName: string, items: BirdItem[], collectedAt: string): OutputRecord[] {
  return items.map((item) => {
    const time = new Date(item.snapshotAt).toISOString();
    const common = { console: consoleName, time, collected_at: collectedAt, snapshot_at: time };
    if (item.kind === 'bird') {
      return {
        event_id: eventId(consoleName, 'bird', item.device.id, item.snapshotAt),
        source: 'bird',
        ...common,
        canary: item.device,
      };
    }
    return {
      event_id: eventId(consoleName, 'bird_change', item.device.id, item.change, item.snapshotAt),
      source: 'bird_change',
      ...common,
      change: item.change,
      canary: item.device,
    };
  });
}
