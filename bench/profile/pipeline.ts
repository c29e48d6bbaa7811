import { IncidentStore } from '#fakes/simulator/incidents.ts';
import { FIREHOSE_MAX_RECORD_BYTES } from '#lib/aws/sinks/lineBatch.ts';
import { TokenScrubSink } from '#lib/aws/sinks/tokenScrubSink.ts';
import { EventTrackingReader } from '#lib/canary/eventTracking.ts';
import type { IncidentsState } from '#lib/canary/incidents.ts';
import { type Incident, IncidentsPageSchema } from '#lib/canary/schemas.ts';
import type { CanaryReader, ReaderPage, SinkRecord } from '#lib/core/ports.ts';
import { recordJson } from '#lib/core/serialise.ts';
import { inFormat } from '#lib/output/format.ts';
import { flattenedIncidentRecords } from '#lib/output/native/flatten.ts';
import { incidentRecords } from '#lib/output/native/incident.ts';

/**
 * The collector's own work on a backfill, in one process and without I/O, for A/B runs of the
 * normalisation path: reply text → JSON.parse → the page schema → event tracking → records in a
 * format → token scrub → the bytes the Firehose sink sends. The simulator's rendering is outside the
 * measured CPU. `npx tsx bench/profile/pipeline.ts [native|ocsf|ecs|flat] [incidents]`; prints the
 * collector's CPU per 1,000 incidents and a digest of the bytes (equal digests: the same output).
 */
const format = process.argv[2] ?? 'native';
const total = Number(process.argv[3] ?? 20_000);
const PAGE = 1000;
const store = new IncidentStore({ seed: 7, incidents: total });
const TOKEN = 'bench-token-5c1e7a9f0123456789abcdef';

async function* texts(): AsyncGenerator<string> {
  for (let since = 0; since < total; since += PAGE) {
    // the simulator's share, taken back out of the measured CPU (this runs inside the reader's next())
    const before = process.cpuUsage();
    const page = store.page(since, total, PAGE);
    const text = JSON.stringify({ incidents: page.incidents, result: 'success', cursor: { next: null } });
    const used = process.cpuUsage(before);
    cpu -= used.user + used.system;
    yield text;
  }
}

let cpu = 0;
const timed = <T>(work: () => T): T => {
  const before = process.cpuUsage();
  const out = work();
  const used = process.cpuUsage(before);
  cpu += used.user + used.system;
  return out;
};

const inner: CanaryReader<IncidentsState, Incident> = {
  name: 'incidents',
  async *pages(): AsyncGenerator<ReaderPage<IncidentsState, Incident>> {
    let maxUpdatedId = 0;
    for await (const text of texts()) {
      // (inside the timed next() of the tracking reader: counted once, there)
      const page = IncidentsPageSchema.parse(JSON.parse(text));
      const items = page.incidents ?? [];
      maxUpdatedId += items.length;
      yield {
        items,
        state: { maxUpdatedId },
        requests: 1,
        received: items.length,
        duplicates: 0,
        filtered: 0,
        last: false,
      };
    }
  },
};
const options = { credentials: { mode: 'mask' as const } };
const normalize = inFormat(
  format === 'flat'
    ? (items: Parameters<typeof flattenedIncidentRecords>[1], at: string) =>
        flattenedIncidentRecords('bench', items, at, options)
    : (items: Parameters<typeof flattenedIncidentRecords>[1], at: string) =>
        incidentRecords(
          'bench',
          items.map((item) => item.incident),
          at,
          {
            ...options,
            seen: new Set(items.filter((i) => i.seen).map((i) => i.incident.id)),
            newEvents: new Map(
              items.map((i) => [
                i.incident.id,
                Math.max(0, (i.incident.description.events?.length ?? 0) - i.newEventsFrom),
              ]),
            ),
          },
        ),
  format === 'ocsf' || format === 'ecs' ? format : 'native',
  FIREHOSE_MAX_RECORD_BYTES,
);
let bytes = 0;
let records = 0;
const { createHash } = await import('node:crypto');
const digest = createHash('sha256');
const sink = new TokenScrubSink(
  {
    put: async (batch: SinkRecord[]) => {
      for (const record of batch) {
        const data = Buffer.from(`${recordJson(record)}\n`);
        bytes += data.byteLength;
        records++;
        digest.update(data);
      }
      return { calls: 1, bytes };
    },
  },
  TOKEN,
);
const reader = new EventTrackingReader(inner, true);
const collectedAt = '2026-12-02T00:00:00.000Z';
let state = { maxUpdatedId: 0 };
const iterator = reader.pages(state);
for (;;) {
  const next = await timed(() => iterator.next());
  if (next.done) break;
  const page = next.value;
  const out = timed(() => normalize(page.items, collectedAt));
  const before = process.cpuUsage();
  await sink.put(out);
  const used = process.cpuUsage(before);
  cpu += used.user + used.system;
  state = page.state;
}
process.stdout.write(
  `${JSON.stringify({ format, incidents: total, records, bytes, cpuMsPer1000: Math.round((cpu / 1000 / total) * 1000 * 10) / 10, digest: digest.digest('hex').slice(0, 16) })}\n`,
);
