import { describe, expect, it } from 'vitest';
import { kindOf } from '#fakes/simulator/catalogue.ts';
import { Rng } from '#fakes/simulator/random.ts';
import type { Incident } from '#lib/canary/schemas.ts';
import { toEcs } from '#lib/output/ecs/index.ts';
import { flattenedIncidentRecords } from '#lib/output/native/flatten.ts';
import { incidentRecords } from '#lib/output/native/incident.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { ocsfProblems } from '#lib/output/ocsf/schemas.ts';
import { LOGTYPES } from '#lib/output/shared/logtypes.ts';
import { ecsProblems } from '#siem/elastic/check.ts';
import { ecsFields } from '#siem/elastic/fields.ts';

const ECS = ecsFields();

/**
 * One golden file per logtype and format (test/golden/<format>/<logtype>.json): an incident of that
 * logtype with two events shaped as the incident object catalogue's event dictionaries, and the
 * records each format makes of it. A change to the output shows up here as a diff to review.
 */
const TOKEN = 'g01den0token0000000000000';

function incidentOf(logtype: number): Incident {
  const kind = kindOf(logtype);
  const r = new Rng(logtype);
  const events = [0, 1].map((n) => {
    const body = kind?.event(r) ?? {};
    return Array.isArray(body)
      ? body
      : {
          ...(body as object),
          // a token incident's events all name its token, as the console's do
          ...(kind?.token ? { canarytoken: TOKEN } : {}),
          timestamp: 1_767_225_600 + n,
          timestamp_std: `2026-01-01 00:00:0${n} UTC+0000`,
        };
  });
  return {
    id: `incident:0000000000000001:${logtype}:192.0.2.10:1767225600`,
    hash_id: `hash-${logtype}`,
    summary: kind?.summary ?? 'Unknown',
    updated_id: 1000 + logtype,
    updated_time: '1767225601',
    description: {
      acknowledged: 'False',
      created: '1767225600',
      description: kind?.summary ?? 'Unknown',
      dst_host: kind?.token ? '' : '10.0.0.5',
      dst_port: kind?.port === undefined || kind.port === '' ? '' : String(kind.port),
      events,
      events_count: '2',
      flock_id: 'flock:default',
      flock_name: 'Default Flock',
      logtype: String(logtype),
      name: kind?.token ? 'N/A' : 'SRV-01',
      node_id: kind?.token ? TOKEN : '0000000000000001',
      notified: 'False',
      src_host: '192.0.2.10',
      src_host_reverse: '',
      src_port: '51000',
      ...(kind?.token ? { memo: 'payroll share' } : {}),
    },
  };
}

const COLLECTED = '2026-11-22T00:00:00.000Z';

describe('golden output per logtype', () => {
  for (const logtype of LOGTYPES.keys()) {
    it(`native ${logtype}`, async () => {
      const records = incidentRecords('golden', [incidentOf(logtype)], COLLECTED);
      await expect(`${JSON.stringify(records, null, 2)}\n`).toMatchFileSnapshot(
        `../../golden/native/${logtype}.json`,
      );
    });
    it(`ocsf ${logtype}`, async () => {
      const events = incidentRecords('golden', [incidentOf(logtype)], COLLECTED).map(toOcsf);
      expect(events.flatMap(ocsfProblems)).toEqual([]);
      await expect(`${JSON.stringify(events, null, 2)}\n`).toMatchFileSnapshot(
        `../../golden/ocsf/${logtype}.json`,
      );
    });
    it(`ecs ${logtype}`, async () => {
      const docs = incidentRecords('golden', [incidentOf(logtype)], COLLECTED).map(toEcs);
      expect(docs.flatMap((doc) => ecsProblems(doc, ECS))).toEqual([]);
      await expect(`${JSON.stringify(docs, null, 2)}\n`).toMatchFileSnapshot(
        `../../golden/ecs/${logtype}.json`,
      );
    });
    it(`flattened ${logtype}`, async () => {
      const records = flattenedIncidentRecords(
        'golden',
        [{ incident: incidentOf(logtype), newEventsFrom: 0 }],
        COLLECTED,
        { credentials: { mode: 'mask' } },
      );
      await expect(`${JSON.stringify(records, null, 2)}\n`).toMatchFileSnapshot(
        `../../golden/flattened/${logtype}.json`,
      );
    });
  }
});
