import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of dynalite that can fail checkpoint commits (UpdateItem calls that set the
 * state) with DynamoDB's InternalServerError: a commit that fails after the records went out, as
 * when the network or DynamoDB fails at the worst moment. Everything else passes through.
 */
export class FaultyDynamoProxy {
  /** Commits to refuse from now on (the SDK itself retries each commit up to three times). */
  failCommits = 0;
  refused = 0;
  /** Calls passed through, per operation (`DynamoDB_20120810.UpdateItem`...), for the cost figures. */
  readonly counts: Record<string, number> = {};
  url = '';
  private readonly server: Server;

  constructor(target: string) {
    const upstream = new URL(target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const target = String(req.headers['x-amz-target'] ?? '');
        this.counts[target] = (this.counts[target] ?? 0) + 1;
        const isCommit =
          String(req.headers['x-amz-target']).endsWith('.UpdateItem') && body.includes('#state = :state');
        if (isCommit && this.failCommits > 0) {
          this.failCommits--;
          this.refused++;
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(
            JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
              message: 'simulated failure during the commit',
            }),
          );
          return;
        }
        const forward = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (reply) => {
            res.writeHead(reply.statusCode ?? 500, reply.headers);
            reply.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(body);
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
