import { describe, expect, it } from 'vitest';
import type { Incident } from '#lib/canary/schemas.ts';
import { incidentRecords } from '#lib/output/native/incident.ts';
import { applyCredentialPolicy } from '#lib/output/native/incidentView.ts';
import { type CredentialMode, MASK } from '#lib/output/shared/credentials.ts';

const incident = (overrides: Record<string, unknown> = {}, events: unknown[] = []): Incident => ({
  id: 'incident:abc:1.2.3.4:1767225600',
  hash_id: 'f00',
  summary: 'SSH Login Attempt',
  updated_id: 12,
  updated_time: '1767225660',
  description: {
    acknowledged: 'False',
    notified: 'True',
    created: '1767225600',
    logtype: '4002',
    src_host: '185.1.2.3',
    src_port: '51234',
    dst_host: '10.0.0.5',
    dst_port: '22',
    events_count: '2',
    name: 'SRV-01',
    node_id: '00000000deadbeef',
    flock_id: 'flock:default',
    flock_name: 'Default Flock',
    src_host_reverse: '',
    events,
    ...overrides,
  },
});

const login = (password: string) => ({
  USERNAME: 'root',
  PASSWORD: password,
  timestamp: 1767225600,
  timestamp_std: '2026-01-01 00:00:00 UTC+0000',
});

describe('incident records, native format', () => {
  it('carry the logtype catalogue, a typed view and a routing sourcetype', () => {
    const [record] = incidentRecords('prod', [incident()], '2026-11-22T10:00:00.000Z');
    expect(record).toMatchObject({
      source: 'incident',
      sourcetype: 'canary:incident',
      time: '2026-01-01T00:01:00.000Z',
      logtype: 4002,
      logtype_name: 'SSH Login Attempt',
      logtype_known: true,
      family: 'ssh',
      category: 'attack',
      severity: 'high',
      severity_id: 4,
      normalized: {
        incident_id: 'incident:abc:1.2.3.4:1767225600',
        acknowledged: false,
        notified: true,
        created: '2026-01-01T00:00:00.000Z',
        updated: '2026-01-01T00:01:00.000Z',
        events_count: 2,
        src_ip: '185.1.2.3',
        src_port: 51234,
        src_host_reverse: null,
        dst_ip: '10.0.0.5',
        dst_port: 22,
        canary_name: 'SRV-01',
        canary_id: '00000000deadbeef',
        flock_name: 'Default Flock',
      },
    });
  });

  it('types what tokens and odd values send: N/A names, empty ports, unknown logtypes', () => {
    const [record] = incidentRecords(
      'prod',
      [incident({ logtype: '17999', name: 'N/A', dst_port: '', src_port: 'abc' })],
      't',
    );
    expect(record).toMatchObject({
      logtype: 17999,
      logtype_known: false,
      family: 'unknown',
      severity: 'high',
    });
    expect(record?.normalized).toMatchObject({ canary_name: null, dst_port: null, src_port: null });
  });

  it('masks attackers’ passwords by default, and can hash or keep them', () => {
    const raw = incident({}, [login('Summer2026!'), login(''), ['Rollbacktime: 1580378197']]);
    const events = (mode: CredentialMode) =>
      (applyCredentialPolicy(raw, { mode, hashKey: 'deployment-key-0123456789' }).description.events ??
        []) as Array<Record<string, unknown>>;
    expect(events('mask')[0]).toEqual({ ...login('Summer2026!'), PASSWORD: MASK });
    expect(events('mask')[1]?.PASSWORD).toBe('');
    expect(events('mask')[2]).toEqual(['Rollbacktime: 1580378197']);
    const hashed = events('hash')[0]?.PASSWORD as string;
    expect(hashed).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(events('hash')[0]?.PASSWORD).toBe(hashed);
    expect(events('keep')[0]?.PASSWORD).toBe('Summer2026!');
    expect(raw.description.events).toContainEqual(login('Summer2026!'));
    const [record] = incidentRecords('prod', [raw], 't');
    expect(JSON.stringify(record)).not.toContain('Summer2026!');
  });
});
