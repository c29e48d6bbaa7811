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
  ['MSSQL 9001, field named Pwd', { USERNAME: 'sa', Pwd: 'mssql-secret' }, ['mssql-secret']],
  [
    'HTTP 3000, fields named auth, apikey, Api-Key, Auth Token',
    { auth: 'Basic c2E6eA==', apikey: 'k-live-1', 'Api-Key': 'k-live-2', 'Auth Token': 't-3' },
    ['c2E6eA==', 'k-live-1', 'k-live-2', 't-3'],
  ],
  [
    'raw Cookie and Set-Cookie lines',
    { HEADERS: 'Host: a\r\nCookie: session=abc123; csrftoken=x9\r\nSet-Cookie: sid=ff00aa; Path=/\r\n' },
    ['abc123', 'x9', 'ff00aa'],
  ],
  [
    'URL userinfo in a path and in a payload',
    {
      URL: 'http://admin:hunter2@10.0.0.5/admin',
      WINRMPAYLOAD: '<a href="mongodb://svc:p@ss;w0rd@db:27017/x">',
    },
    ['hunter2', 'p@ss;w0rd'],
  ],
  [
    'connection string posted as text',
    { POSTDATA: 'Server=db01;User Id=sa;Pwd=Sup3r secret;Database=hr;Password = an0ther one' },
    ['Sup3r', 'secret', 'an0ther', ' one'],
  ],
  [
    'GitHub tokens in free text',
    {
      REPO: `https://${'ghp_'}${'A1b2'.repeat(9)}@github.com/acme/infra.git`,
      ARGS: `clone with github_pat_${'11ABCDE'.repeat(4)}_${'x9'.repeat(20)} and gho_${'Z'.repeat(36)}`,
    },
    ['A1b2A1b2', '11ABCDE', 'x9x9x9', 'ZZZZZZ'],
  ],
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

  it('keeps what frames a secret in text: the header name, the user, the host, the other pairs', () => {
    const out = treatEvent(
      {
        HEADERS: 'Cookie: session=abc123\r\nHost: a',
        URL: 'http://admin:hunter2@10.0.0.5/admin',
        POSTDATA: 'Server=db01;User Id=sa;Pwd=Sup3r secret;Database=hr',
        USERAGENT: 'curl/8 (see https://example.com/a@b)',
        AUTHTYPE: 'ntlm',
      },
      mask,
    );
    expect(out).toEqual({
      HEADERS: `Cookie: ${MASK}\r\nHost: a`,
      URL: `http://admin:${MASK}@10.0.0.5/admin`,
      POSTDATA: `Server=db01;User Id=sa;Pwd=${MASK};Database=hr`,
      USERAGENT: 'curl/8 (see https://example.com/a@b)',
      AUTHTYPE: 'ntlm',
    });
  });

  it('hashes text secrets in hash mode, each once', () => {
    const hash = credentialTreatment({ mode: 'hash', hashKey: 'deployment-a-0123456789' }) as (
      v: string,
    ) => string;
    const out = treatEvent({ POSTDATA: 'Server=x;Pwd=s3cret;', HEADERS: 'Cookie: sid=1' }, hash) as Record<
      string,
      string
    >;
    expect(out.POSTDATA).toBe(`Server=x;Pwd=${hash('s3cret')};`);
    expect(out.HEADERS).toBe(`Cookie: ${hash('sid=1')}`);
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
