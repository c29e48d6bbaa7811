import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parquetReady } from '#lib/output/ocsf/parquet.ts';
import { ocsfProblems } from '#lib/output/ocsf/schemas.ts';
import { type GlueType, misfits, tableType } from '#siem/glue.ts';
import { ocsfGlueSchemas } from '#siem/securitylake/schemas.ts';
import { everyKindOfRecord, LIVES } from '../support/formatRun.ts';

const tables = new Map(
  Object.entries(ocsfGlueSchemas().classes).map(([uid, c]) => [Number(uid), tableType(c.columns)]),
);

/**
 * Every record the simulator's data produces in the OCSF format, through the real handlers of all
 * four sources, flattened and not, validated against the zod schemas of the OCSF classes.
 */
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.OUTPUT_FORMAT;
  delete process.env.OUTPUT_FLATTEN;
});

type Event = { class_uid: number; activity_id: number; metadata: { uid: string; log_name: string } };

describe('OCSF output, end to end', () => {
  // Flattened, fewer incidents than the checkpoint tracks: the acknowledged one sends no event again.
  it.each(LIVES)(
    'every record of every source is valid OCSF 1.4.0 (%s)',
    async (_label, flatten, incidents) => {
      const local = await everyKindOfRecord('ocsf', flatten, incidents);
      stops.push(local.stop);

      const events = local.records() as unknown as Event[];
      expect(events.length).toBeGreaterThan(incidents + 300 + 20);
      const problems = events.flatMap((event) =>
        ocsfProblems(event).map((p) => `${event.metadata.log_name} ${event.metadata.uid}: ${p}`),
      );
      expect(problems).toEqual([]);
      expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2004, 3002, 6003, 5001, 5023]));
      expect(new Set(events.map((e) => e.metadata.uid)).size).toBe(events.length);
      const logNames = new Set(events.map((e) => e.metadata.log_name));
      for (const name of [
        'canary:incident',
        'canary:audit',
        'canary:bird',
        'canary:bird_change',
        'canary:token',
      ])
        expect(logNames).toContain(name);
      if (flatten === 'true') expect(logNames).toContain('canary:incident_event');
      // the acknowledged incident closes its finding
      expect(events.some((e) => e.class_uid === 2004 && e.activity_id === 3)).toBe(true);
      // and every event fits its class's Glue table (generated from the OCSF repository), as Firehose's
      // Parquet conversion for Security Lake needs
      const misfit = events.flatMap((event) =>
        misfits(parquetReady(event as never), tables.get(event.class_uid) as GlueType, '').map(
          (p) => `${event.class_uid} ${event.metadata.uid}: ${p}`,
        ),
      );
      expect(misfit).toEqual([]);
    },
  );
});
