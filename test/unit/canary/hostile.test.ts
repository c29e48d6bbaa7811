import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CanaryClient, MAX_BODY_BYTES } from '#lib/canary/client.ts';
import { walkCursor } from '#lib/canary/paginate.ts';
import { IncidentsPageSchema } from '#lib/canary/schemas.ts';
import { CollectorError } from '#lib/core/errors.ts';
import { json, type Responder, scriptedServer } from '#support/httpServer.ts';

const Page = z.looseObject({ cursor: z.looseObject({ next: z.string().nullish() }).nullish() });
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function clientFor(responders: Responder[], maxBodyBytes?: number) {
  const server = await scriptedServer(responders);
  close = server.close;
  const client = new CanaryClient({
    baseUrl: `${server.url}/api/v1`,
    authToken: 'tok-hostile-123456',
    timeoutMs: 5000,
    maxRetries: 2,
    sleep: async () => {},
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return { client, server };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CollectorError);
  return (error as CollectorError).code;
}

/** A body of `bytes` sent in 1 MiB chunks, without a content-length (chunked encoding). */
const streamed =
  (bytes: number): Responder =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let left = bytes;
    const write = () => {
      while (left > 0) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= part.length;
        if (!res.write(part)) return void res.once('drain', write);
      }
      res.end();
    };
    res.on('error', () => {});
    write();
  };

describe('a hostile console', () => {
  it('a body declared larger than the cap fails with CANARY_RESPONSE_TOO_LARGE, without retrying', async () => {
    const { client, server } = await clientFor(
      [json(200, { result: 'success', pad: 'x'.repeat(5000) })],
      1024,
    );
    expect(await codeOf(client.get('/ping', {}, Page))).toBe('CANARY_RESPONSE_TOO_LARGE');
    expect(server.requests).toHaveLength(1);
  });

  it('a streamed body over the default 64 MiB cap fails as soon as it passes the cap', async () => {
    expect(MAX_BODY_BYTES).toBe(64 * 1024 * 1024);
    const { client } = await clientFor([streamed(MAX_BODY_BYTES + 4 * 1024 * 1024)]);
    expect(await codeOf(client.get('/incidents/all', {}, Page))).toBe('CANARY_RESPONSE_TOO_LARGE');
  });

  it('a body just under the cap is read', async () => {
    const body = JSON.stringify({ result: 'success', pad: 'y'.repeat(900) });
    const { client } = await clientFor([json(200, body)], body.length);
    await expect(client.get('/ping', {}, Page)).resolves.toMatchObject({ result: 'success' });
  });

  it('a cursor that comes back fails the walk with CANARY_CURSOR_LOOP instead of walking to the deadline', async () => {
    const cursors = ['c1', 'c2', 'c3', 'c2'];
    let n = 0;
    const { client, server } = await clientFor([
      (_req, res) =>
        json(200, { result: 'success', incidents: [], cursor: { next: cursors[n++] ?? 'c2' } })(_req, res),
    ]);
    const pages: unknown[] = [];
    const walk = async () => {
      const walk = walkCursor(client, '/incidents/all', 'incidents', { limit: 10 }, {}, IncidentsPageSchema);
      for await (const page of walk) pages.push(page);
    };
    expect(await codeOf(walk())).toBe('CANARY_CURSOR_LOOP');
    expect(pages).toHaveLength(4);
    expect(server.requests).toHaveLength(4);
  });

  it('names an HTML page by its title, without the control characters or the token it may carry', async () => {
    const title = 'Login \u001b[31mnow\u001b[0m tok-hostile-123456';
    const { client } = await clientFor([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html><head><title>${title}</title></head></html>`);
      },
    ]);
    const error = (await client.get('/ping', {}, Page).catch((e: unknown) => e)) as CollectorError;
    expect(error.code).toBe('CANARY_BAD_RESPONSE');
    // the escape sequences go whole, not as their printable tails ("[31m")
    expect(error.message).toContain('an HTML page titled "Login now ***"');
    expect([...error.message].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });

  it('reads "result": "failure" as an error, and a message that is not text as JSON', async () => {
    const { client } = await clientFor([json(200, { result: 'failure', message: { detail: 'nope' } })]);
    const error = (await client.get('/ping', {}, Page).catch((e: unknown) => e)) as CollectorError;
    expect(error.code).toBe('CANARY_API_ERROR');
    expect(error.message).toContain('the console said: {"detail":"nope"}');
  });
});
