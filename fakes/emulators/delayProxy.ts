import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelaySettings {
  /** Added before each reply, by request: the round trip and the service's own time. */
  delayMs(path: string, headers: Record<string, string | string[] | undefined>): number;
  /** The link's speed for reply bodies, in bytes per second; absent: no transfer time. */
  bytesPerSecond?: number;
}

/**
 * An HTTP proxy that makes a local service as slow as a real one: each reply waits a per-request
 * delay plus its body's transfer time, then goes out whole. The latency bench puts one in front of
 * the simulator and each emulator; it records each request's time for the bench's figures.
 */
export class DelayProxy {
  url = '';
  /** Milliseconds each request took through the proxy, delay included, in order. */
  readonly timings: number[] = [];
  private readonly server: Server;

  constructor(target: string, settings: DelaySettings) {
    const upstream = new URL(target);
    this.server = createServer((req, res) => {
      const started = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const forward = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (reply) => {
            const body: Buffer[] = [];
            reply.on('data', (chunk: Buffer) => body.push(chunk));
            reply.on('end', () => {
              const whole = Buffer.concat(body);
              const transfer =
                settings.bytesPerSecond === undefined ? 0 : (whole.length / settings.bytesPerSecond) * 1000;
              const wait = Math.max(
                0,
                settings.delayMs(req.url ?? '/', req.headers) + transfer - (performance.now() - started),
              );
              setTimeout(() => {
                const headers = { ...reply.headers, 'content-length': String(whole.length) };
                delete headers['transfer-encoding'];
                res.writeHead(reply.statusCode ?? 500, headers);
                res.end(whole);
                this.timings.push(performance.now() - started);
              }, wait);
            });
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(Buffer.concat(chunks));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
