import * as z from 'zod';
import type { CanaryReader, ReaderPage } from '../core/ports.ts';
import type { CanaryClient } from './client.ts';
import { pagingIncomplete, walkCursor } from './paginate.ts';
import { type Incident, IncidentsPageSchema } from './schemas.ts';

export const IncidentsStateSchema = z.object({ maxUpdatedId: z.number().int().nonnegative() });
export type IncidentsState = z.infer<typeof IncidentsStateSchema>;

export interface IncidentsOptions {
  pageSize: number;
  /** Incidents created before this (epoch seconds) are not delivered. */
  startEpochSeconds?: number;
}

/**
 * Incremental incidents: `/incidents/all?incidents_since=<checkpoint>`, then cursor pages.
 * The checkpoint is the highest `updated_id` delivered, never a cursor and never the first page's
 * `max_updated_id` (absent on an empty page anyway). It only advances page by page while pages come
 * in ascending `updated_id` order (the observed behaviour); if the console ever serves a page out of
 * order, the checkpoint holds until the walk completes, so a crash re-delivers rather than skips.
 *
 * A full page without any cursor (some replies leave `cursor` out) does not say whether more
 * follow: while pages are ascending, the walk goes on with `incidents_since=<highest so far>`, which
 * reads the next incidents whatever the answer; out of order it cannot, and fails with
 * CANARY_PAGING_INCOMPLETE rather than guess.
 */
export class IncidentsReader implements CanaryReader<IncidentsState, Incident> {
  readonly name = 'incidents' as const;
  private readonly client: CanaryClient;
  private readonly options: IncidentsOptions;

  constructor(client: CanaryClient, options: IncidentsOptions) {
    this.client = client;
    this.options = options;
  }

  async *pages(state: IncidentsState): AsyncGenerator<ReaderPage<IncidentsState, Incident>> {
    let committed = state;
    let seenMax = state.maxUpdatedId;
    let ascending = true;
    let pages = 0;
    // Keys of the previous page: catches a cursor that serves a page twice, in bounded memory.
    let previousKeys = new Set<string>();
    for (let since = state.maxUpdatedId, open = true; open; since = seenMax) {
      open = false;
      const walk = walkCursor(
        this.client,
        '/incidents/all',
        'incidents',
        { incidents_since: since, limit: this.options.pageSize, shrink: true },
        { shrink: true },
        IncidentsPageSchema,
      );
      for await (const { page, requests, last, end } of walk) {
        pages++;
        const keys = new Set<string>();
        const unique = page.incidents.filter((incident) => {
          const key = versionKey(incident);
          // At or below where this walk started the console should not have sent it: delivered before.
          if (incident.updated_id <= since || keys.has(key) || previousKeys.has(key)) return false;
          keys.add(key);
          return true;
        });
        previousKeys = keys;
        for (const incident of unique) {
          if (incident.updated_id <= seenMax) ascending = false;
        }
        seenMax = unique.reduce((max, incident) => Math.max(max, incident.updated_id), seenMax);
        const items = unique.filter((incident) => this.inScope(incident));
        if (end === 'open') {
          if (!ascending) throw pagingIncomplete('/incidents/all', page, pages);
          // A page of nothing new ends it even without a cursor: the console has no more.
          open = unique.length > 0;
        }
        const done = last && !open;
        if (ascending || done) committed = { maxUpdatedId: seenMax };
        yield {
          items,
          state: committed,
          requests,
          received: page.incidents.length,
          duplicates: page.incidents.length - unique.length,
          filtered: unique.length - items.length,
          last: done,
        };
      }
    }
  }

  private inScope(incident: Incident): boolean {
    const start = this.options.startEpochSeconds;
    if (start === undefined) return true;
    const created = Number(incident.description.created ?? incident.updated_time ?? Number.NaN);
    // An incident with no readable creation time is delivered: dropping it could lose an alert.
    return Number.isNaN(created) || created >= start;
  }
}

function versionKey(incident: Incident): string {
  return `${incident.id}\u0000${incident.updated_id}`;
}
