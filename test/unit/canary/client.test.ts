import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CanaryClient } from '#lib/canary/client.ts';
import { IncidentsPageSchema } from '#lib/canary/schemas.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { json, type Responder, scriptedServer } from '#support/httpServer.ts';

const TOKEN = 'tok-SECRET-1234567890';
const Schema = z.looseObject({ result: z.literal('success'), value: z.number() });
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function clientFor(responders: Responder[], options: { timeoutMs?: number; maxRetries?: number } = {}) {
  const server = await scriptedServer(responders);
  close = server.close;
  const sleeps: number[] = [];
  const client = new CanaryClient({
    baseUrl: `${server.url}/api/v1`,
    authToken: TOKEN,
    timeoutMs: options.timeoutMs ?? 2000,
    maxRetries: options.maxRetries ?? 3,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    backoff: { random: () => 1 },
  });
  return { client, server, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<CollectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CollectorError);
  const collectorError = error as CollectorError;
  expect(collectorError.message).not.toContain(TOKEN);
  return collectorError;
}

describe('CanaryClient', () => {
  it('sends the token in the X-Canary-Auth-Token header, never in the URL, and validates the reply', async () => {
    const { client, server } = await clientFor([json(200, { result: 'success', value: 7, extra: 'kept' })]);
    const reply = await client.get('/ping', { limit: 5, cursor: undefined }, Schema);
    expect(reply).toEqual({ result: 'success', value: 7, extra: 'kept' });
    const request = server.requests[0];
    expect(request?.headers['x-canary-auth-token']).toBe(TOKEN);
    expect(request?.url).toBe('/api/v1/ping?limit=5');
    expect(request?.url).not.toContain(TOKEN);
    expect(client.requestCount).toBe(1);
  });

  it('turns a result "error" body into CANARY_API_ERROR with the console message, not retried', async () => {
    const { client, server } = await clientFor([
      json(200, { result: 'error', message: 'Flock does not exist.' }),
    ]);
    const error = await failure(client.get('/incidents/all', {}, Schema));
    expect(error.code).toBe('CANARY_API_ERROR');
    expect(error.message).toContain('Flock does not exist.');
    expect(server.requests).toHaveLength(1);
  });

  it('recognises the auth error bodies even with status 200', async () => {
    const { client } = await clientFor([json(200, { result: 'error', message: 'Invalid auth_token' })]);
    expect((await failure(client.get('/ping', {}, Schema))).code).toBe('CANARY_AUTH_FAILED');
  });

  it.each([
    [401, 'CANARY_AUTH_FAILED'],
    [403, 'CANARY_FORBIDDEN'],
    [404, 'CANARY_NOT_FOUND'],
    [400, 'CANARY_API_ERROR'],
  ])('maps HTTP %i to %s without retrying', async (status, code) => {
    const { client, server } = await clientFor([json(status, { result: 'error', message: 'Unauthorized' })]);
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    const { client, server, sleeps } = await clientFor([
      json(429, { result: 'error' }, { 'retry-after': '2' }),
      json(200, { result: 'success', value: 1 }),
    ]);
    await expect(client.get('/ping', {}, Schema)).resolves.toMatchObject({ value: 1 });
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('backs off exponentially on 5xx and gives up with CANARY_UNAVAILABLE after the retries', async () => {
    const { client, server, sleeps } = await clientFor([json(503, 'busy')], { maxRetries: 3 });
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_UNAVAILABLE');
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('retries a 502 and returns the later success', async () => {
    const { client } = await clientFor([
      json(502, 'bad gateway'),
      json(200, { result: 'success', value: 3 }),
    ]);
    await expect(client.get('/ping', {}, Schema)).resolves.toMatchObject({ value: 3 });
  });

  it('times out a slow answer as CANARY_TIMEOUT, retrying first', async () => {
    const slow: Responder = (_req, res) => {
      setTimeout(() => json(200, { result: 'success', value: 1 })(_req, res), 1500);
    };
    const { client, server } = await clientFor([slow], { timeoutMs: 1000, maxRetries: 1 });
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_TIMEOUT');
    expect(server.requests).toHaveLength(2);
  });

  it('retries malformed JSON, then reports CANARY_BAD_RESPONSE', async () => {
    const { client, server } = await clientFor([json(200, '{"result": "succ')], { maxRetries: 2 });
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_BAD_RESPONSE');
    expect(server.requests).toHaveLength(3);
  });

  it('reports a reply of the wrong shape as CANARY_SCHEMA_MISMATCH with the field path', async () => {
    const { client } = await clientFor([json(200, { result: 'success', value: 'seven' })]);
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_SCHEMA_MISMATCH');
    expect(error.message).toContain('value');
  });

  it('checks an incident description without copying it, and names a bad one by its path', async () => {
    const description = { logtype: '3000', events: [{ a: 1 }] };
    const good = await (
      await clientFor([json(200, { incidents: [{ id: 'i', updated_id: 1, description }] })])
    ).client.get('/incidents/all', {}, IncidentsPageSchema);
    expect(good.incidents[0]?.description).toEqual(description);
    for (const bad of ['text', null, { events: 'not a list' }]) {
      const { client } = await clientFor([
        json(200, { incidents: [{ id: 'i', updated_id: 1, description: bad }] }),
      ]);
      const error = await failure(client.get('/incidents/all', {}, IncidentsPageSchema));
      expect(error.code).toBe('CANARY_SCHEMA_MISMATCH');
      expect(error.message).toContain(
        'incidents[0].description: expected an object whose events, if any, are a list',
      );
    }
  });

  it('does not follow a redirect (the token would go to another host)', async () => {
    let followed = false;
    const { client, server } = await clientFor([
      (_req, res) => {
        res.writeHead(302, { location: 'http://127.0.0.2:1/steal' });
        res.end();
      },
      () => {
        followed = true;
      },
    ]);
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_REDIRECT');
    expect(server.requests).toHaveLength(1);
    expect(followed).toBe(false);
  });

  it('reports a refused connection on loopback at once: nothing listens on this machine', async () => {
    const { client, server, sleeps } = await clientFor([json(200, {})], { maxRetries: 3 });
    await server.close();
    close = undefined;
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_UNREACHABLE');
    expect(error.message).toMatch(/connection refused: nothing listens at 127\.0\.0\.1:\d+ on this machine/);
    expect(client.requestCount).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a refused connection to a remote console, then reports CANARY_UNREACHABLE', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const client = new CanaryClient({
      baseUrl: 'https://1234abcd.canary.tools/api/v1',
      authToken: TOKEN,
      timeoutMs: 2000,
      maxRetries: 2,
      fetch: async () => {
        throw refused;
      },
      sleep: async () => {},
    });
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_UNREACHABLE');
    expect(error.message).toContain('connection failed (ECONNREFUSED)');
    expect(client.requestCount).toBe(3);
  });

  it('scrubs the token in any case, base64 and URL-encoded out of console messages, and their escapes', async () => {
    const basic = Buffer.from(`admin:${TOKEN}`).toString('base64');
    const mixed = [...TOKEN].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c.toUpperCase())).join('');
    const { client } = await clientFor([
      json(401, {
        result: 'error',
        message: `no \u001b]0;owned\u0007${TOKEN.toLowerCase()}, \u001b[2J${TOKEN.toUpperCase()}\u009b31m, Basic ${basic}, k=${encodeURIComponent(`${TOKEN}/x`)}, m=${mixed}\r\nend`,
      }),
    ]);
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.code).toBe('CANARY_AUTH_FAILED');
    const lower = error.message.toLowerCase();
    for (const shape of [TOKEN, basic.slice(8, -4), encodeURIComponent(TOKEN)])
      expect(lower).not.toContain(shape.toLowerCase());
    // escape sequences go whole, other control characters become spaces: one printable line
    expect(error.message).toBe('/ping: HTTP 401: no ***, ***, Basic YWRtaW46***, k=***%2Fx, m=*** end');
  });

  it('scrubs the token and auth_token= links out of console messages', async () => {
    const { client } = await clientFor([
      json(200, {
        result: 'error',
        message: `bad cursor, see https://x/api?auth_token=${TOKEN}&y=1 ${TOKEN}`,
      }),
    ]);
    const error = await failure(client.get('/ping', {}, Schema));
    expect(error.message).toContain('auth_token=***');
  });
});
