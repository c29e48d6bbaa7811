import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '#cli/connectionTest.ts';
import { CanarySimulator } from '#fakes/simulator/server.ts';

const simulator = new CanarySimulator({ incidents: 3 });
let baseUrl: string;
const token = simulator.options.authToken;

beforeAll(async () => {
  baseUrl = await simulator.start();
});
afterAll(() => simulator.stop());

describe('test-connection', () => {
  it('passes ping and a read of every source with the right token', async () => {
    const report = await testConnection({ baseUrl, authToken: token });
    expect(report).toMatchObject({ ok: true, baseUrl: `${baseUrl}/api/v1` });
    expect(report.checks.map((c) => [c.label, c.ok])).toEqual([
      ['ping', true],
      ['read one incident', true],
      ['read one audit entry', true],
      ['list birds', true],
      ['read one Canarytoken', true],
    ]);
  });

  it('says the token was rejected', async () => {
    const report = await testConnection({ baseUrl, authToken: 'wrong-token' });
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ label: 'ping', code: 'CANARY_AUTH_FAILED' });
    expect(report.checks[0]?.advice).toMatch(/rejected the auth token/);
    expect(JSON.stringify(report)).not.toContain('wrong-token');
  });

  it('says the API is disabled', async () => {
    simulator.apiEnabled = false;
    try {
      const report = await testConnection({ baseUrl, authToken: token });
      expect(report.checks[0]).toMatchObject({ code: 'CANARY_FORBIDDEN' });
      expect(report.checks[0]?.advice).toMatch(/API is disabled: enable it/);
    } finally {
      simulator.apiEnabled = true;
    }
  });

  it('says a domain hash does not resolve', async () => {
    const notFound: typeof fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      });
    };
    const report = await testConnection({ domainHash: 'nosuchhash', authToken: token }, { fetch: notFound });
    expect(report).toMatchObject({ ok: false, baseUrl: 'https://nosuchhash.canary.tools/api/v1' });
    expect(report.checks[0]?.code).toBe('CANARY_UNREACHABLE');
    expect(report.checks[0]?.advice).toMatch(/does not resolve: check .*domain/);
  });

  it('says an unreachable console cannot be reached', async () => {
    const closed = new CanarySimulator();
    const url = await closed.start();
    await closed.stop();
    const report = await testConnection({ baseUrl: url, authToken: token }, { timeoutMs: 2000 });
    expect(report.checks[0]?.code).toBe('CANARY_UNREACHABLE');
    expect(report.checks[0]?.advice).toMatch(/could not be reached/);
  });

  it('refuses a plain-http console on another host before sending the token', async () => {
    const report = await testConnection({ baseUrl: 'http://192.0.2.10', authToken: token });
    expect(report.checks[0]).toMatchObject({ label: 'console URL', code: 'HOST_NOT_ALLOWED' });
  });
});
