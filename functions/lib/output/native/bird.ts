import type { BirdItem } from '#lib/canary/birds.ts';
import { isGiven, msToIso } from '#lib/canary/time.ts';
import type { OutputRecord } from '#lib/core/ports.ts';
import { outputRecord } from './record.ts';
import { birdNormalized, birdSemantics } from './semantics.ts';
import { type TimeFallback, timeFallback } from './times.ts';

/** `bird` records (one per bird per snapshot) and `bird_change` records (appeared, disappeared, offline, online). */
export function birdRecords(consoleName: string, items: BirdItem[], collectedAt: string): OutputRecord[] {
  return items.map((item) => {
    const time = msToIso(item.snapshotAt) ?? collectedAt;
    const common = { console: consoleName, time, collectedAt, canary: item.device };
    const normalized = birdNormalized(item.device);
    const fallback = seenFallback(item.device, normalized);
    if (item.kind === 'bird') {
      return outputRecord({
        ...common,
        source: 'bird',
        key: [item.device.id, item.snapshotAt],
        extra: { ...fallback, ...birdSemantics(item.device), snapshot_at: time, normalized },
      });
    }
    return outputRecord({
      ...common,
      source: 'bird_change',
      key: [item.device.id, item.change, item.snapshotAt],
      extra: {
        ...fallback,
        ...birdSemantics(item.device, item.change),
        snapshot_at: time,
        change: item.change,
        normalized,
      },
    });
  });
}

/** `time_fallback` when the console sent a first or last seen time (in either spelling) that does not read. */
function seenFallback(device: Record<string, unknown>, normalized: Record<string, unknown>): TimeFallback {
  const odd = (['first_seen', 'last_seen'] as const).some(
    (field) => (isGiven(device[field]) || isGiven(device[`${field}_std`])) && normalized[field] === null,
  );
  return timeFallback(odd);
}
