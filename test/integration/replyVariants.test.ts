import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ENDPOINTS, type Endpoint, type ReplyVariant, VARIANTS } from '#fakes/simulator/variants.ts';
import { RunFailedError, type RunSummary } from '#lib/core/collect.ts';
import type { SourceName } from '#lib/core/ports.ts';
import { captureOutput } from '../support/capture.ts';
import { type DeliveredLine, tally } from '../support/delivered.ts';
import { localRun } from '../support/localRun.ts';

/**
 * Every reply variant of docs/console-api.md, on every endpoint it applies to, through the real
 * handler, client and source against the simulator over HTTP: a variant that means "nothing new"
 * leaves the checkpoint where it was in one request; a variant of the same meaning drains the source
 * with nothing lost and nothing twice, and does what the table says; a failure fails with its code,
 * moves nothing, and the next run after it drains.
 */
const SOURCE: Record<Endpoint, SourceName> = {
  '/incidents/all': 'incidents',
  '/audit_trail/fetch': 'audit-trail',
  '/devices/all': 'birds',
  '/canarytokens/paginate': 'tokens',
};
const FAILURES: Record<string, { code: string; says: string }> = {
  'error-200': { code: 'CANARY_API_ERROR', says: 'the console said: Something went wrong' },
  'error-failure': { code: 'CANARY_API_ERROR', says: 'the console said: Request failed' },
  'error-no-message': { code: 'CANARY_API_ERROR', says: 'no message' },
  'html-200': { code: 'CANARY_BAD_RESPONSE', says: 'an HTML page titled "Sign in - Corp Proxy"' },
  'html-502': { code: 'CANARY_UNAVAILABLE', says: 'HTTP 502 (an HTML page titled "502 Bad Gateway"' },
  'empty-200': { code: 'CANARY_BAD_RESPONSE', says: 'the reply is empty' },
};
const ENV = { PAGE_SIZE: '25', AUDIT_PAGE_SIZE: '25', TOKENS_PAGE_SIZE: '5', HTTP_MAX_RETRIES: '1' };

captureOutput();
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});
afterEach(() => {
  for (const key of [...Object.keys(ENV), 'OUTPUT_FLATTEN']) delete process.env[key];
});

interface Line extends DeliveredLine {
  time: string;
  alert?: boolean;
  logtype_known?: boolean;
  normalized: Record<string, unknown>;
  canary: DeliveredLine['canary'] & Record<string, unknown>;
}

async function stack(simulator: Record<string, unknown>, settings: Record<string, string> = {}) {
  Object.assign(process.env, ENV, settings);
  const local = await localRun({
    simulator: { incidents: 50, auditEntries: 50, birds: 12, tokens: 30, seed: 23, ...simulator },
  });
  stops.push(local.stop);
  return local;
}

type Local = Awaited<ReturnType<typeof stack>>;

/** Runs the source until it completes with nothing more to read (at most `runs` runs). */
async function drain(local: Local, source: SourceName, runs = 8): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (let run = 0; run < runs; run++) {
    const summary = await local.run(source);
    summaries.push(summary);
    if (summary.status === 'completed' && !summary.more) return summaries;
  }
  throw new Error(`${source} did not drain in ${runs} runs`);
}

/**
 * Idle runs succeed with nothing sent, and settle at one request each (a console that ignores
 * after_id is found out on the first idle run, which then walks the cursor as well).
 */
async function idleRuns(local: Local, source: SourceName): Promise<void> {
  for (const run of [await local.run(source), await local.run(source)]) {
    expect(run).toMatchObject({ status: 'completed', more: false });
    expect(run.stats.recordsSent).toBe(0);
  }
  expect((await local.run(source)).stats.requests).toBe(1);
}

const lines = (local: Local) => local.records() as unknown as Line[];
const byId = (id: string) => VARIANTS.find((v) => v.id === id) as ReplyVariant;

/** What the table says the collector does with a variant, as far as the records can show it. */
const HANDLED: Record<string, (records: Line[], local: Local, endpoint: Endpoint) => void> = {
  'ids-as-strings': (records, local, endpoint) => {
    const ids = records.map((r) =>
      endpoint === '/incidents/all' ? r.normalized.updated_id : r.normalized.audit_id,
    );
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    if (endpoint === '/incidents/all')
      expect(Math.max(...(ids as number[]))).toBe(local.simulator.store.maxUpdatedId);
  },
  'max-updated-id-absent': (records, local) => {
    expect(Math.max(...records.map((r) => r.normalized.updated_id as number))).toBe(
      local.simulator.store.maxUpdatedId,
    );
  },
  'description-numbers': (records) => {
    for (const r of records) {
      expect(r.logtype_known).toBe(true);
      expect(r.time).toBe(new Date(Number(r.canary.updated_time) * 1000).toISOString());
      expect(typeof r.normalized.events_count).toBe('number');
    }
  },
  placeholders: (records) => {
    const tokens = records.filter((r) => (r.canary.description as Record<string, unknown>).name === 'N/A');
    expect(tokens.length).toBeGreaterThan(0);
    for (const r of tokens) {
      expect(r.normalized.canary_name).toBeNull();
      expect(r.normalized.src_port).toBeNull();
      expect(r.normalized.canary_mac).toBeNull();
    }
    expect(records.every((r) => r.normalized.src_host_reverse !== 'N/A')).toBe(true);
  },
  'events-missing': (records) => {
    const bare = records.filter((r) => {
      const events = (r.canary.description as Record<string, unknown>).events;
      return events === undefined || (Array.isArray(events) && events.length === 0);
    });
    expect(bare.length).toBeGreaterThan(0);
  },
  'events-list-forms': (records) => {
    const forms = new Set(
      records.map((r) => {
        const list = (r.canary.description as Record<string, unknown>).events_list;
        return Array.isArray(list) ? 'list' : typeof list;
      }),
    );
    expect([...forms].sort()).toEqual(['list', 'number', 'string']);
  },
  'portscan-events-untimed': (records) => {
    const scans = records.filter((r) => r.source === 'incident_event' && r.canary.timestamp === undefined);
    expect(scans.length).toBeGreaterThan(0);
    const incidents = new Map(
      records.filter((r) => r.source === 'incident').map((r) => [String(r.canary.id), r.time]),
    );
    for (const r of scans) expect(r.time).toBe(incidents.get(String(r.normalized.incident_id)));
  },
  'description-absent': (records) => {
    const bare = records.filter((r) => r.source === 'incident' && r.logtype_known === false);
    expect(bare.length).toBeGreaterThan(0);
    expect(bare.every((r) => r.alert === true)).toBe(true);
  },
  'extra-fields': (records, _local, endpoint) => {
    const first = records[0] as Line;
    if (endpoint === '/incidents/all')
      expect((first.canary.description as Record<string, unknown>).matched_annotations).toEqual({});
    else if (endpoint === '/audit_trail/fetch') expect(first.canary.user_access_route).toBe('api');
    else expect(first.canary.x_later_field).toEqual({ nested: true });
  },
  'audit-nulls': (records) => {
    for (const r of records) {
      expect(r.normalized.flock_id).toBeNull();
      expect(r.normalized.user_agent).toBeNull();
    }
  },
  'devices-strings': (records) => {
    for (const r of records) {
      expect(typeof r.normalized.live).toBe('boolean');
      expect(typeof r.normalized.uptime_seconds).toBe('number');
      expect(r.normalized.first_seen).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
  },
  'devices-contradictory-live': (records) => {
    for (const r of records) expect(r.normalized.live).toBe(r.canary.live === true);
  },
  'devices-ghost': (records) => {
    expect(records.some((r) => r.normalized.ip === null)).toBe(true);
  },
};

const RECORD_SOURCE: Record<SourceName, string> = {
  incidents: 'incident',
  'audit-trail': 'audit',
  birds: 'bird',
  tokens: 'token',
};

describe('reply variants, one at a time', () => {
  for (const variant of VARIANTS) {
    for (const endpoint of variant.endpoints) {
      const source = SOURCE[endpoint];
      // The audit trail is read two ways: after_id, and the newest→oldest cursor walk of older consoles.
      const modes = source === 'audit-trail' ? (['ascending', 'ignored'] as const) : ([undefined] as const);
      for (const afterIdMode of modes) {
        const label = `${variant.id} — ${endpoint}${afterIdMode === 'ignored' ? ' (after_id ignored)' : ''}`;
        const sim = { variants: [variant.id], ...(afterIdMode === undefined ? {} : { afterIdMode }) };

        if (variant.when === 'empty') {
          it(`${label}: an empty console is one request, nothing sent, the checkpoint where it was`, async () => {
            const local = await stack({ ...sim, incidents: 0, auditEntries: 0, birds: 0, tokens: 0 });
            const summary = await local.run(source);
            expect(summary).toMatchObject({ status: 'completed', more: false });
            expect(summary.stats).toMatchObject({ requests: 1, recordsSent: 0, sinkCalls: 0 });
            expect(local.simulator.variantsServed.get(variant.id)).toBe(1);
            // then data arrives, and the variant still ends every walk
            local.simulator.addIncidents(30);
            local.simulator.addAudit(30);
            for (let i = 0; i < 7; i++) local.simulator.devices.add();
            for (let i = 0; i < 7; i++) local.simulator.tokens.add();
            if (source === 'incidents' || source === 'audit-trail') {
              await drain(local, source);
              expect(tally(local.simulator, source, lines(local))).toMatchObject({ lost: 0, duplicated: 0 });
              await idleRuns(local, source);
            }
          });
          continue;
        }

        const failure = FAILURES[variant.id];
        if (failure !== undefined) {
          it(`${label}: fails with ${failure.code}, moves nothing, and the next run drains`, async () => {
            const local = await stack(sim);
            const error = await local.run(source).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(RunFailedError);
            const { summary } = error as RunFailedError;
            expect(summary.error?.code).toBe(failure.code);
            expect(summary.error?.message).toContain(failure.says);
            expect(summary.stats.recordsSent).toBe(0);
            expect(lines(local)).toHaveLength(0);
            expect(local.simulator.variantsServed.get(variant.id)).toBeGreaterThan(0);
            local.simulator.variants = undefined;
            await drain(local, source);
            expect(tally(local.simulator, source, lines(local))).toMatchObject({ lost: 0, duplicated: 0 });
          });
          continue;
        }

        it(`${label}: drains with nothing lost or twice, and reads as the table says`, async () => {
          const flatten: Record<string, string> =
            variant.id === 'portscan-events-untimed' ? { OUTPUT_FLATTEN: 'true' } : {};
          const local = await stack(
            { ...sim, ...(variant.id === 'portscan-events-untimed' ? { incidents: 400 } : {}) },
            flatten,
          );
          await drain(local, source);
          expect(local.simulator.variantsServed.get(variant.id), 'served').toBeGreaterThan(0);
          const records = lines(local);
          expect(tally(local.simulator, source, records)).toMatchObject({ lost: 0, duplicated: 0 });
          const own =
            variant.id === 'portscan-events-untimed'
              ? records
              : records.filter((r) => r.source === RECORD_SOURCE[source]);
          expect(own.length).toBeGreaterThan(0);
          HANDLED[variant.id]?.(own, local, endpoint);
          if (source === 'incidents' || source === 'audit-trail') await idleRuns(local, source);
        });
      }
    }
  }
});

describe('an empty console, in every spelling of an empty reply', () => {
  const spellings = [undefined, 'list-null', 'list-absent'];
  const cursors = [undefined, 'cursor-absent', 'cursor-null', 'cursor-next-empty', 'cursor-next-absent'];
  for (const endpoint of ENDPOINTS) {
    const source = SOURCE[endpoint];
    for (const list of spellings) {
      for (const cursor of endpoint === '/devices/all' ? [undefined] : cursors) {
        const variants = [list, cursor].filter((v): v is string => v !== undefined);
        it(`${endpoint}: ${variants.join(' + ') || 'documented'} — one request, success, nothing sent`, async () => {
          const local = await stack({ variants, incidents: 0, auditEntries: 0, birds: 0, tokens: 0 });
          const before = await local.checkpoint(source);
          const summary = await local.run(source);
          expect(summary).toMatchObject({ status: 'completed', more: false });
          expect(summary.stats).toMatchObject({ requests: 1, recordsSent: 0 });
          for (const id of variants) expect(local.simulator.variantsServed.get(id), id).toBe(1);
          if (source === 'incidents' || source === 'audit-trail') {
            const again = await local.run(source);
            expect(again.stats).toMatchObject({ requests: 1, recordsSent: 0 });
            expect(before).toBeUndefined();
          }
        });
      }
    }
  }
});

describe('a last page that does not say it is the last', () => {
  it('incidents: a full page without a cursor goes on with incidents_since, one request more', async () => {
    const local = await stack({ variants: ['cursor-absent'], incidents: 50 });
    const [summary] = await drain(local, 'incidents');
    // 25 + 25 (full, no cursor) + an empty page asked with incidents_since=50
    expect(summary?.stats).toMatchObject({ requests: 3, recordsSent: 50 });
    expect(tally(local.simulator, 'incidents', lines(local))).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('the audit trail walk: a full last page without a cursor or counters is the end when it reaches the checkpoint', async () => {
    const local = await stack({
      variants: ['cursor-absent', 'audit-no-counters'],
      afterIdMode: 'ignored',
      auditEntries: 50,
    });
    await drain(local, 'audit-trail');
    expect(tally(local.simulator, 'audit-trail', lines(local))).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('the audit trail walk: one that stops short of the checkpoint fails with CANARY_PAGING_INCOMPLETE, delivering nothing', async () => {
    const local = await stack({
      variants: ['cursor-absent', 'audit-no-counters'],
      afterIdMode: 'ignored',
      auditEntries: 55,
    });
    local.simulator.audit.purge(5);
    const error = (await local.run('audit-trail').catch((e: unknown) => e)) as RunFailedError;
    expect(error.summary.error?.code).toBe('CANARY_PAGING_INCOMPLETE');
    expect(error.summary.error?.message).toContain('a full page came without a cursor after 2 pages');
    expect(lines(local)).toHaveLength(0);
    expect(byId('cursor-absent').handled).toContain('CANARY_PAGING_INCOMPLETE');
  });
});

describe('a console answering in a seeded mix of every variant of the same meaning', () => {
  const sources: SourceName[] = ['incidents', 'audit-trail', 'birds', 'tokens'];
  for (const seed of [5, 17, 29]) {
    it(`seed ${seed}: every source drains while the console changes, nothing lost or twice, idle runs succeed`, async () => {
      const local = await stack({
        variants: 'mix',
        seed,
        incidents: 300,
        auditEntries: 80,
        birds: 12,
        tokens: 24,
      });
      for (let round = 0; round < 3; round++) {
        for (const source of sources) await drain(local, source);
        for (let t = 0; t < 10; t++) local.simulator.tick();
      }
      for (const source of ['incidents', 'audit-trail'] as const) await drain(local, source);
      const records = lines(local);
      for (const source of ['incidents', 'audit-trail'] as const)
        expect(tally(local.simulator, source, records), source).toMatchObject({ lost: 0, duplicated: 0 });
      // snapshots: every bird and token of the first snapshot, once each
      for (const source of ['bird', 'token'])
        expect(new Set(records.filter((r) => r.source === source).map((r) => r.event_id)).size).toBe(
          records.filter((r) => r.source === source).length,
        );
      for (const source of ['incidents', 'audit-trail'] as const) {
        const idle = await local.run(source);
        expect(idle).toMatchObject({ status: 'completed', more: false });
        expect(idle.stats.recordsSent).toBe(0);
      }
      const mixable = VARIANTS.filter((v) => v.mix).map((v) => v.id);
      const served = [...local.simulator.variantsServed.keys()];
      expect(served.every((id) => mixable.includes(id))).toBe(true);
      expect(served.length).toBeGreaterThan(mixable.length / 2);
    });
  }
});
