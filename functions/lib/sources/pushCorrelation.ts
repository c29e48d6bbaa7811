import type { IncidentVersion, TrackedIncidentsState } from '../canary/eventTracking.ts';
import type { AlertClaimPort, CanaryReader, ReaderPage } from '../core/ports.ts';
import { incidentSemantics } from '../output/native/semantics.ts';

/**
 * With push on: before a version that would alert is delivered, the poll claims its incident; when a
 * webhook's record reached Firehose first, the version is marked `pushed` and does not alert. Only
 * first deliveries of attack incidents ask (one conditional write each); the rest pass untouched.
 */
export class PushCorrelatingReader implements CanaryReader<TrackedIncidentsState, IncidentVersion> {
  readonly name = 'incidents' as const;

  constructor(
    private readonly inner: CanaryReader<TrackedIncidentsState, IncidentVersion>,
    private readonly claims: AlertClaimPort,
    private readonly consoleName: string,
  ) {}

  async *pages(
    state: TrackedIncidentsState,
  ): AsyncGenerator<ReaderPage<TrackedIncidentsState, IncidentVersion>> {
    for await (const page of this.inner.pages(state)) {
      const items: IncidentVersion[] = [];
      for (const item of page.items) {
        const hash = item.incident.hash_id;
        const wouldAlert = incidentSemantics(item.incident, item.seen === true).alert;
        if (!wouldAlert || typeof hash !== 'string' || hash === '') {
          items.push(item);
          continue;
        }
        const alerts = await this.claims.claimForPoll(this.consoleName, hash);
        items.push(alerts ? item : { ...item, pushed: true });
      }
      yield { ...page, items };
    }
  }
}
