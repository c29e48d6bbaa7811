import * as z from 'zod';
import type { CanaryReader, ReaderPage } from '../core/ports.ts';
import { type IncidentsState, IncidentsStateSchema } from './incidents.ts';
import type { Incident } from './schemas.ts';
import { incidentKey, packSent, unpackSent } from './sentCounts.ts';

/** An incident version, with the index of its first event not yet delivered. */
export interface IncidentVersion {
  incident: Incident;
  newEventsFrom: number;
  /** An earlier version of this incident was delivered (as far as the tracked window knows). */
  seen?: boolean;
  /** A webhook told this incident first (push and poll correlation): this version does not alert. */
  pushed?: boolean;
}

export const TrackedIncidentsStateSchema = IncidentsStateSchema.extend({
  /**
   * Events delivered per incident (keyed by a short hash of its id), most recently updated last,
   * packed (sentCounts.ts). Under a key of its own, not `sent`: a collector of before the packed form
   * (a rollback) drops a key it does not know and reads the checkpoint as one with no memory, where a
   * `sent` it could not read would have made it start the source over.
   */
  eventCounts: z.instanceof(Uint8Array).optional(),
  /** The same memory as checkpoints wrote it before the packed form; read, never written. */
  sent: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type TrackedIncidentsState = z.infer<typeof TrackedIncidentsStateSchema>;

/** How many incidents' event counts the checkpoint remembers: about 10 bytes each. */
export const TRACKED_INCIDENTS = 2000;

/**
 * Wraps the incidents source so that each version says which of its events were already delivered:
 * events are appended to an incident, so a later version's new events are those past the count sent
 * before. The counts live in the checkpoint, for the most recently updated incidents only; an older
 * incident updated again sends all its events, with the same event ids as before, and counts as
 * not seen (its `alert` may fire again). Without `track`, every event counts as new and nothing as seen.
 */
export class EventTrackingReader implements CanaryReader<TrackedIncidentsState, IncidentVersion> {
  readonly name = 'incidents' as const;
  private readonly inner: CanaryReader<IncidentsState, Incident>;
  private readonly track: boolean;

  constructor(inner: CanaryReader<IncidentsState, Incident>, track: boolean) {
    this.inner = inner;
    this.track = track;
  }

  async *pages(
    state: TrackedIncidentsState,
  ): AsyncGenerator<ReaderPage<TrackedIncidentsState, IncidentVersion>> {
    // A Map while reading (insertion order is the recency order); each page's state gets it packed,
    // a new value the reader never changes afterwards.
    const sent = unpackSent(state.eventCounts ?? state.sent);
    for await (const page of this.inner.pages({ maxUpdatedId: state.maxUpdatedId })) {
      const items = page.items.map((incident): IncidentVersion => {
        if (!this.track) return { incident, newEventsFrom: 0, seen: false };
        const key = incidentKey(incident.id);
        const known = sent.get(key);
        const seen = known !== undefined;
        const before = known ?? 0;
        const events = incident.description.events?.length ?? 0;
        // delete first, so that the incident moves to the most recently updated end
        sent.delete(key);
        sent.set(key, Math.max(before, events));
        // Fewer events than were sent means the console trimmed them: send what it has again.
        return { incident, newEventsFrom: before <= events ? before : 0, seen };
      });
      evictOldest(sent, TRACKED_INCIDENTS);
      yield {
        ...page,
        items,
        state: this.track ? { ...page.state, eventCounts: packSent(sent) } : page.state,
      };
    }
  }
}

/** Drops the least recently updated incidents beyond `keep` (a Map iterates in insertion order). */
function evictOldest(sent: Map<string, number>, keep: number): void {
  for (const key of sent.keys()) {
    if (sent.size <= keep) return;
    sent.delete(key);
  }
}
