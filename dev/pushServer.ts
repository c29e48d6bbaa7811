import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionUrlEvent } from '#lib/entrypoints/pushReceiver.ts';
import type { PushResponse } from '#lib/push/receiver.ts';

/** Lambda's limit on a function URL request (6 MB), above which AWS answers 413 itself. */
export const FUNCTION_URL_MAX_BYTES = 6 * 1024 * 1024;

/**
 * The receiver's Lambda function URL, on this machine: real HTTP in, the handler's payload-2.0 event,
 * its answer out. Like the function URL it reads at most 6 MB, and it drops a request that has not
 * arrived whole within `requestTimeoutMs` (a slow sender holds nothing for long).
 */
export async function startPushServer(
  handler: (event: FunctionUrlEvent) => Promise<PushResponse>,
  options: { host?: string; port?: number; requestTimeoutMs?: number; maxBytes?: number } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const maxBytes = options.maxBytes ?? FUNCTION_URL_MAX_BYTES;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  // requests being answered: stop() lets them finish, so none is cut off mid-write to the stack
  const inFlight = new Set<Promise<PushResponse>>();
  const server: Server = createServer(
    // Node checks the timeouts every connectionsCheckingInterval: often enough to drop a slow sender on time
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1000, requestTimeout / 4),
    },
    async (req, res) => {
      // a sender that went away (or was dropped for being slow) leaves nothing to answer
      const body = await readBounded(req, maxBytes).catch(() => null);
      if (body === null) return;
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ message: `Request must be smaller than ${maxBytes} bytes` }));
        req.destroy();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://receiver');
      const answering = handler({
        rawPath: url.pathname,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
        ),
        body: body.toString('base64'),
        isBase64Encoded: true,
        requestContext: {
          http: { method: req.method ?? 'GET', sourceIp: req.socket.remoteAddress ?? 'unknown' },
        },
      });
      inFlight.add(answering);
      const answer = await answering.finally(() => inFlight.delete(answering));
      res.writeHead(answer.statusCode, answer.headers);
      res.end(answer.body);
    },
  );
  const host = options.host ?? '127.0.0.1';
  // a port in use (or an address not on this machine) is an error of the caller's, not an unhandled event
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The request body, or undefined once it passes `maxBytes` (the rest is not read). */
async function readBounded(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
