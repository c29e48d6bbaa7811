import { describe, expect, it } from 'vitest';
import { KINDS, SIM_BASIC_AUTH, SIM_NTLM, SIM_PASSWORD } from '#fakes/simulator/catalogue.ts';
import { Rng } from '#fakes/simulator/random.ts';
import { credentialHashKey } from '#lib/canary/endpoint.ts';
import { credentialTreatment, MASK, treatEvent } from '#lib/output/shared/credentials.ts';

const mask = credentialTreatment({ mode: 'mask' }) as (value: string) => string;
const treat = (event: unknown) => JSON.stringify(treatEvent(event, mask));

/** Credential material as seed 004's event dictionaries carry it, one logtype each. */
const CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['FTP 2000', { USERNAME: 'admin', PASSWORD: 'hunter2' }, ['hunter2']],
  [
    'MySQL 8001',
    { USERNAME: 'root', CLIENT_HASH: 'ab3dc12ef4', SALT: 'e815e5e2b3', PASSWORD: '<x>' },
    ['ab3dc12ef4', 'e815e5e2b3'],
  ],
  [
    'VNC 12001',
    { PASSWORD: '', SERVER_CHALLENGE: 'c0ffee01', CLIENT_RESPONSE: 'deadbeef02' },
    ['c0ffee01', 'deadbeef02'],
  ],
  ['SNMP 13001', { COMMUNITY_STRING: 'private-rw', REQUESTS: '1.3.6.1' }, ['private-rw']],
  ['LDAP 31001', { DN: 'cn=admin', PASSWORD: 'ldap-secret' }, ['ldap-secret']],
  ['MongoDB 28002', { cmd: 'saslStart', user: 'admin', password: 'mongo-secret' }, ['mongo-secret']],
  [
    'HTTP API 3005',
    {
      HEADERS: { Authorization: 'Bearer eyJhbGciOi.x.y', Cookie: 'session=abc123', Host: 'a' },
      POSTDATA: { username: 'bob', password: 'post-secret', api_key: 'k-123' },
    },
    ['eyJhbGciOi', 'abc123', 'post-secret', 'k-123'],
  ],
  ['HTTP API 3005, text form', { POSTDATA: 'user=bob&passwd=form-secret&go=1' }, ['form-secret']],
  ['SIP 15001', { HEADERS: { Authorization: 'Digest username="1", response="6629fae4"' } }, ['6629fae4']],
  ['Redis 21001 AUTH', { CMD: 'AUTH', ARGS: 'redis-secret' }, ['redis-secret']],
  [
    'WinRM 29001',
    {
      AUTHTYPE: 'ntlm',
      PASSWORD: 'winrm-secret',
      WINRMPAYLOAD: `POST /wsman HTTP/1.1\r\nAuthorization: Negotiate ${SIM_NTLM}\r\n\r\n<s:Envelope/>`,
    },
    ['winrm-secret', SIM_NTLM.slice(0, 20)],
  ],
  ['raw Authorization line', { HEADERS: `Host: a\r\nAuthorization: ${SIM_BASIC_AUTH}\r\n` }, ['YWRtaW46']],
  ['Canarytoken HTTP 17000', { headers: { 'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0' } }, ['cHJveHk6']],
];

describe('credential material attackers sent', () => {
  for (const [name, event, secrets] of CASES) {
    it(`is masked: ${name}`, () => {
      const out = treat(event);
      for (const secret of secrets) expect(out).not.toContain(secret);
      expect(out).toContain(MASK);
    });
  }

  it('leaves what is not a credential as it was', () => {
    const event = {
      USERNAME: 'admin',
      CMD: 'INFO',
      ARGS: '*',
      HEADERS: { 'User-Agent': 'curl/8', Host: 'api' },
      POSTDATA: { q: 'select' },
      PASSWORD: '',
    };
    expect(treatEvent(event, mask)).toEqual(event);
  });

  it('leaves nothing of the simulator catalogue’s credential material in any logtype', () => {
    const r = new Rng(7);
    for (const kind of KINDS) {
      for (let i = 0; i < 20; i++) {
        const out = treat(kind.event(r));
        for (const secret of [SIM_PASSWORD, SIM_BASIC_AUTH.slice(6), SIM_NTLM.slice(0, 20)]) {
          expect(out, kind.summary).not.toContain(secret);
        }
      }
    }
  });

  it('hashes with a key: stable within a key, different across keys, and not a plain sha256', () => {
    const under = (key: string) =>
      credentialTreatment({ mode: 'hash', hashKey: key }) as (v: string) => string;
    const a = under('deployment-a-0123456789');
    const b = under('deployment-b-0123456789');
    expect(a('admin')).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(a('admin')).toBe(a('admin'));
    expect(a('admin')).not.toBe(a('admin1'));
    expect(a('admin')).not.toBe(b('admin'));
    // sha256("admin") is in every lookup table; the keyed hash must not be it
    expect(a('admin')).not.toContain('8c6976e5b5410415bde908bd4dee15df');
    expect(() => credentialTreatment({ mode: 'hash' })).toThrow(/key/);
    expect(credentialTreatment({ mode: 'keep' })).toBeUndefined();
  });

  it('derives the hash key from the console secret: its hashKey, else its token', () => {
    const fromToken = credentialHashKey({ authToken: 'token-one' });
    expect(fromToken).toMatch(/^[0-9a-f]{64}$/);
    expect(fromToken).not.toContain('token-one');
    expect(credentialHashKey({ authToken: 'token-two' })).not.toBe(fromToken);
    expect(credentialHashKey({ authToken: 'token-one', hashKey: 'a-stable-key-of-16+' })).toBe(
      'a-stable-key-of-16+',
    );
  });
});
