import type { IncomingMessage, ServerResponse } from 'node:http';

/** The simulator's answers: JSON bodies, request bodies read whole, and the faults it serves instead. */

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A fault to serve instead of the real answer, `times` times, on requests whose path starts with `path`. */
export interface Fault {
  path?: string;
  /** Only requests whose query string contains this (e.g. "cursor=": a cursor that fails mid-walk). */
  query?: string;
  times?: number;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (longer than the client's timeout = a timeout). */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
}

export async function serveFault(res: ServerResponse, fault: Fault): Promise<void> {
  if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.reset) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(fault.status ?? 500, { ...JSON_HEADERS, ...fault.headers });
  res.end(fault.body ?? JSON.stringify({ result: 'error', message: 'simulated failure' }));
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
}

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}
