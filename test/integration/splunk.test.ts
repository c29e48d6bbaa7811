import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREHOSE_MAX_RECORD_BYTES } from '#lib/aws/sinks/firehoseSink.ts';
import { hecEvent } from '#lib/aws/sinks/hecEnvelope.ts';
import { toEcs } from '#lib/output/ecs/index.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { partTargetBytes } from '#lib/output/shared/split.ts';
import { sampleRecords } from '#scripts/fields.ts';
import { CIM_MODELS, type CimDataset, cimModels } from '#siem/splunk/cim.ts';
import { type Fields, matches, runSearch, searchTimeFields } from '#siem/splunk/emulate.ts';
import { type Envelope, splunkApp, splunkConf, splunkOutput } from '../support/splunkRun.ts';

/**
 * The Splunk app in siem/splunk/TA-thinkst-canary, run on real output: the real handlers deliver HEC
 * envelopes through the local Firehose, and each envelope's event goes through the app's own
 * props.conf, eventtypes.conf and tags.conf as Splunk would at search time. Every field the CIM data
 * models require for our tagged events (Splunk's own compliance definitions, vendored from
 * pytest-splunk-addon) must be there, with a value the model expects; the saved searches must find
 * what the records say they should.
 */
const conf = splunkConf;
const app = splunkApp();

/** Required fields our records cannot carry, where, and why. */
const NOT_IN_THE_DATA: Array<{ field: string; when: (f: Fields) => boolean; why: string }> = [
  {
    field: 'Intrusion_Detection.dest_port',
    when: (f) => !f.has('normalized.dst_port'),
    why: 'the incident names no port: port scans touch many, Canarytokens and local tampering none',
  },
  {
    field: 'Intrusion_Detection.src_port',
    when: (f) => f.get('source')?.[0] === 'alert' && !f.has('normalized.src_port'),
    why: 'a webhook names the attacker’s port only for Canarytoken HTTP hits; the polled incident has it',
  },
  { field: 'Compute_Inventory.dns', when: () => true, why: 'the console reports no DNS name for a Canary' },
  { field: 'Compute_Inventory.interface', when: () => true, why: 'the console reports no interface name' },
];
const excused = (model: string, field: string, fields: Fields) =>
  NOT_IN_THE_DATA.some((x) => x.field === `${model}.${field}` && x.when(fields));

let output: Awaited<ReturnType<typeof splunkOutput>> | undefined;
let envelopes: Envelope[];
let events: Fields[];

beforeAll(async () => {
  output = await splunkOutput({
    simulator: { incidents: 1500, auditEntries: 200, birds: 12, tokens: 20, seed: 5 },
    offline: 2,
  });
  ({ envelopes, events } = output);
});
afterAll(async () => {
  await output?.stop();
});

describe('records reach Splunk under their own sourcetype and time', () => {
  it('arrive in HEC event envelopes named thinkst:canary:<source>, each with a props.conf stanza', () => {
    expect(envelopes.length).toBeGreaterThan(1700);
    for (const e of envelopes) {
      expect(e.sourcetype).toBe(`thinkst:canary:${String(e.event.source)}`);
      expect(e.source).toBe(e.event.source);
      expect(e.host).toBe(e.event.console);
      expect(e.time).toBe(Date.parse(String(e.event.time)) / 1000);
      expect(app.props.has(e.sourcetype)).toBe(true);
    }
    expect(new Set(envelopes.map((e) => e.sourcetype))).toEqual(
      new Set([
        'thinkst:canary:incident',
        'thinkst:canary:audit',
        'thinkst:canary:bird',
        'thinkst:canary:token',
        'thinkst:canary:alert',
        'thinkst:canary:audit_push',
      ]),
    );
  });

  it('envelope OCSF and ECS records under thinkst:canary:ocsf and :ecs, with their own time', () => {
    const record = sampleRecords().find((r) => r.source === 'incident') as never;
    const ocsf = hecEvent(toOcsf(record));
    const ecs = hecEvent(toEcs(record));
    expect([ocsf.sourcetype, ecs.sourcetype]).toEqual(['thinkst:canary:ocsf', 'thinkst:canary:ecs']);
    expect(ocsf.time).toBe(ecs.time);
    expect(ocsf.source).toBe('incident');
    for (const stanza of ['thinkst:canary:ocsf', 'thinkst:canary:ecs'])
      expect(app.props.has(stanza)).toBe(true);
  });

  it('are never cut by TRUNCATE: every record of every format, enveloped, is within it', () => {
    const truncate = Math.min(...[...app.props.values()].map((stanza) => Number(stanza.get('TRUNCATE'))));
    expect(truncate).toBeGreaterThanOrEqual(FIREHOSE_MAX_RECORD_BYTES);
    let largest = 0;
    for (const format of ['native', 'ocsf', 'ecs'] as const) {
      const map = format === 'ocsf' ? toOcsf : format === 'ecs' ? toEcs : (r: never) => r;
      for (const record of sampleRecords({ partBytes: partTargetBytes(format, FIREHOSE_MAX_RECORD_BYTES) })) {
        const envelope = hecEvent(map(record as never) as never);
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(envelope.event)));
        expect(Buffer.byteLength(`${JSON.stringify(envelope)}\n`)).toBeLessThanOrEqual(
          FIREHOSE_MAX_RECORD_BYTES,
        );
      }
    }
    expect(largest).toBeGreaterThan(500_000);
    expect(largest).toBeLessThanOrEqual(truncate);
  });
});

describe('CIM: every field the data models require, on every tagged event', () => {
  const models = cimModels();

  it.each(CIM_MODELS)('%s', (model) => {
    const datasets = models.models[model] ?? [];
    const byName = new Map(datasets.map((d) => [d.dataset, d]));
    /** A dataset's required and conditional fields with those it inherits. */
    const fieldsOf = (name: string): CimDataset['fields'] => {
      const dataset = byName.get(name);
      return dataset === undefined ? [] : [...fieldsOf(dataset.parent), ...dataset.fields];
    };
    let checked = 0;
    const problems = new Set<string>();
    for (const dataset of datasets) {
      const tagged = events.filter((e) =>
        dataset.tags.some((all) => all.every((tag) => e.get('tag')?.includes(tag))),
      );
      checked += tagged.length;
      for (const fields of tagged) {
        for (const { field, type, expected, condition } of fieldsOf(dataset.dataset)) {
          if (type === 'conditional' && !matches(condition ?? '', fields)) continue;
          if (excused(model, field, fields)) continue;
          const values = fields.get(field) ?? [];
          if (values.length === 0 || values[0] === '') problems.add(`${dataset.dataset}.${field}: missing`);
          else if (expected !== undefined && !values.every((v) => expected.includes(v)))
            problems.add(
              `${dataset.dataset}.${field}: ${values.join(',')} is not one of ${expected.join(', ')}`,
            );
        }
      }
    }
    expect(checked, `events in ${model}`).toBeGreaterThan(5);
    expect([...problems]).toEqual([]);
  });

  it('tags attacks for Intrusion Detection, never operational logtypes; logins for Authentication; the rest for Change; birds for Inventory', () => {
    const tagsOf = (sourcetype: string, when: (f: Fields) => boolean) =>
      new Set(
        events
          .filter((f) => f.get('sourcetype')?.[0] === sourcetype && when(f))
          .flatMap((f) => f.get('tag') ?? []),
      );
    expect(tagsOf('thinkst:canary:incident', (f) => f.get('canary_category')?.[0] === 'attack')).toEqual(
      new Set(['ids', 'attack']),
    );
    expect(
      tagsOf('thinkst:canary:incident', (f) => f.get('canary_category')?.[0] === 'operational').size,
    ).toBe(0);
    expect(
      tagsOf('thinkst:canary:audit', (f) => /login|logout/.test(f.get('normalized.action')?.[0] ?? '')),
    ).toEqual(new Set(['authentication']));
    expect(
      tagsOf('thinkst:canary:audit', (f) => !/login|logout/.test(f.get('normalized.action')?.[0] ?? '')),
    ).toEqual(new Set(['change', 'audit']));
    expect(tagsOf('thinkst:canary:bird', () => true)).toEqual(new Set(['inventory', 'network']));
  });
});

describe('the saved searches, on the same events', () => {
  const saved = conf('savedsearches.conf');
  const run = (name: string) => runSearch(saved.get(name)?.get('search') ?? '', events);
  const records = () => envelopes.map((e) => e.event);

  it('Canarytoken triggered: every token incident once', () => {
    const expected = records().filter((r) => String(r.family).startsWith('canarytoken') && r.alert === true);
    expect(expected.length).toBeGreaterThan(3);
    expect(
      run('Thinkst Canary - Canarytoken triggered')
        .map((r) => r['normalized.hash_id'])
        .sort(),
    ).toEqual(expected.map((r) => (r.normalized as { hash_id: string }).hash_id).sort());
    // pushed alerts among them, and no incident told twice
    expect(expected.filter((r) => r.source === 'alert').length).toBe(2);
    expect(new Set(expected.map((r) => (r.normalized as { hash_id: string }).hash_id)).size).toBe(
      expected.length,
    );
  });

  it('One source across several Canaries: the sweeping address, and every other one', () => {
    const canaries = new Map<string, Set<string>>();
    for (const r of records()) {
      if (r.source !== 'incident' || r.category !== 'attack' || String(r.family).startsWith('canarytoken'))
        continue;
      const n = r.normalized as { src_ip: string; canary_id: string };
      canaries.set(n.src_ip, (canaries.get(n.src_ip) ?? new Set()).add(n.canary_id));
    }
    const expected = new Map(
      [...canaries].filter(([, s]) => s.size >= 2).map(([ip, s]) => [ip, String(s.size)]),
    );
    const got = run('Thinkst Canary - One source across several Canaries');
    expect(expected.has('203.0.113.7')).toBe(true);
    expect(new Map(got.map((r) => [r.src, r.canaries]))).toEqual(expected);
  });

  it('Canary offline: the two birds taken offline, and the simulator’s own two', () => {
    const expected = records()
      .filter((r) => r.source === 'bird' && (r.normalized as { live: boolean }).live === false)
      .map((r) => (r.normalized as { bird_id: string }).bird_id)
      .sort();
    expect(expected).toHaveLength(4);
    expect(
      run('Thinkst Canary - Canary offline')
        .map((r) => r['normalized.bird_id'])
        .sort(),
    ).toEqual(expected);
  });
});
