import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An error an AWS JSON 1.1 service answers with: `__type` and `Message`, which the SDK maps to a typed exception. */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/** Answers one call; may be async (a test hook can act before the answer goes out). */
export type ServiceHandler = (operation: string, input: Record<string, unknown>) => unknown;

/**
 * One HTTP server for the AWS JSON 1.1 services the collector uses: it dispatches on the
 * `x-amz-target` header (`Firehose_20150804.PutRecordBatch`, `secretsmanager.GetSecretValue`), so the
 * real SDK clients talk to it through AWS_ENDPOINT_URL_* with no special code.
 */
export class AwsJsonServer {
  private readonly server: Server;
  private readonly services: Record<string, ServiceHandler>;
  url = '';

  /** Calls served, per operation (e.g. `Firehose_20150804.PutRecordBatch`). */
  readonly counts: Record<string, number> = {};

  /** `extraCounts` adds counts kept elsewhere (dynalite's calls) to GET /_counts. */
  constructor(
    services: Record<string, ServiceHandler>,
    extraCounts: () => Record<string, number> = () => ({}),
  ) {
    this.services = services;
    this.server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/_counts') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...this.counts, ...extraCounts() }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const [prefix = '', operation = ''] = target.split('.');
        this.counts[target] = (this.counts[target] ?? 0) + 1;
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': crypto.randomUUID(),
          });
          res.end(JSON.stringify(body));
        };
        try {
          const service = this.services[prefix];
          if (service === undefined)
            throw new AwsError('UnknownOperationException', `unknown target ${target}`);
          const input =
            chunks.length === 0
              ? {}
              : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
          reply(200, (await service(operation, input)) ?? {});
        } catch (error) {
          if (error instanceof AwsError) reply(error.status, { __type: error.type, Message: error.message });
          else reply(500, { __type: 'InternalFailure', Message: String(error) });
        }
      });
    });
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
