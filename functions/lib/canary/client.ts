import type * as z from 'zod';
import { CollectorError, type ErrorCode } from '../core/errors.ts';
import { isLoopback } from './endpoint.ts';
import { causeCode, messageOf, notJsonDescription, parseJson, printable, readBody } from './replies.ts';
import { type BackoffPolicy, backoffDelay, parseRetryAfter, sleep } from './retry.ts';
import { ERROR_RESULTS, ErrorBodySchema, formatIssues } from './schemas.ts';
import { type TokenScrubber, tokenScrubber } from './scrub.ts';

export type QueryValue = string | number | boolean | undefined;

export interface CanaryClientOptions {
  baseUrl: string;
  authToken: string;
  timeoutMs: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts, connection errors and unreadable bodies. */
  maxRetries: number;
  backoff?: Partial<BackoffPolicy>;
  fetch?: typeof fetch;
  /** Bodies larger than this fail with CANARY_RESPONSE_TOO_LARGE before they are held in memory. */
  maxBodyBytes?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const AUTH_MESSAGES = /invalid auth_token|unauthorized/i;

/** The largest body read: a page of 10,000 incidents is a few MiB; more is a broken or hostile console. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * HTTP client for the Canary console API. The token travels only in the X-Canary-Auth-Token header;
 * every message this client builds is scrubbed of it, and redirects are never followed.
 */
export class CanaryClient {
  /** Requests sent, retries included. */
  requestCount = 0;
  private readonly options: CanaryClientOptions;
  private readonly backoff: BackoffPolicy;
  private readonly doFetch: typeof fetch;
  private readonly doSleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly scrubber: TokenScrubber;

  constructor(options: CanaryClientOptions) {
    this.options = options;
    this.scrubber = tokenScrubber(options.authToken);
    this.backoff = { baseMs: 500, maxMs: 20_000, random: Math.random, ...options.backoff };
    this.doFetch = options.fetch ?? fetch;
    this.doSleep = options.sleep ?? sleep;
    this.now = options.now ?? Date.now;
  }

  /** GET `path` and validate the reply with `schema`; retries transient failures with backoff. */
  async get<T>(path: string, query: Record<string, QueryValue>, schema: z.ZodType<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(path, query, schema);
      } catch (error) {
        const failure = error instanceof CollectorError ? error : this.unexpected(error);
        if (!failure.retryable || attempt >= this.options.maxRetries) throw failure;
        const retryAfter = failure instanceof RetryableHttpError ? failure.retryAfterMs : undefined;
        await this.doSleep(backoffDelay(attempt, this.backoff, retryAfter));
      }
    }
  }

  private async attempt<T>(
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const url = this.url(path, query);
    this.requestCount++;
    let response: Response;
    try {
      response = await this.doFetch(url, {
        method: 'GET',
        headers: { 'X-Canary-Auth-Token': this.options.authToken, Accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw this.transportError(error, path);
    }
    const text = await readBody(response, path, this.options.maxBodyBytes ?? MAX_BODY_BYTES, (error) =>
      this.transportError(error, path),
    );
    if (response.status >= 300 && response.status < 400) {
      throw new CollectorError(
        'CANARY_REDIRECT',
        `${path}: the console answered ${response.status} (redirect); redirects are not followed`,
        { status: response.status },
      );
    }
    const body = parseJson(text);
    if (!response.ok) throw this.statusError(response, path, body, text);
    if (body === undefined) {
      // A 200 that is not JSON: a proxy's or captive portal's page, or a cut-off reply. Retried.
      throw new CollectorError(
        'CANARY_BAD_RESPONSE',
        `${path}: the reply is ${this.notJson(response, text)}`,
        {
          retryable: true,
          status: response.status,
        },
      );
    }
    const errorBody = ErrorBodySchema.safeParse(body);
    // The console reports errors in the body whatever the HTTP status (a 200 may carry one).
    if (errorBody.success && ERROR_RESULTS.has(errorBody.data.result)) {
      const message = this.scrub(messageOf(errorBody.data.message) ?? 'no message');
      const code: ErrorCode = AUTH_MESSAGES.test(message) ? 'CANARY_AUTH_FAILED' : 'CANARY_API_ERROR';
      throw new CollectorError(code, `${path}: the console said: ${message}`, { status: response.status });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new CollectorError(
        'CANARY_SCHEMA_MISMATCH',
        // issue paths may name the console's own keys
        `${path}: unexpected reply shape: ${this.scrub(formatIssues(parsed.error))}`,
      );
    }
    return parsed.data;
  }

  private url(path: string, query: Record<string, QueryValue>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.options.baseUrl}${path}${search === '' ? '' : `?${search}`}`;
  }

  private statusError(response: Response, path: string, body: unknown, text: string): CollectorError {
    const status = response.status;
    const said = ErrorBodySchema.safeParse(body);
    const saidMessage = said.success ? messageOf(said.data.message) : undefined;
    const message =
      saidMessage !== undefined
        ? `: ${this.scrub(saidMessage)}`
        : body === undefined && text !== ''
          ? ` (${this.notJson(response, text)})`
          : '';
    const where = `${path}: HTTP ${status}${message}`;
    if (status === 401) return new CollectorError('CANARY_AUTH_FAILED', where, { status });
    if (status === 403) return new CollectorError('CANARY_FORBIDDEN', where, { status });
    if (status === 404) return new CollectorError('CANARY_NOT_FOUND', where, { status });
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
      return new RetryableHttpError('CANARY_RATE_LIMITED', where, status, retryAfterMs);
    }
    if (status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
      return new RetryableHttpError('CANARY_UNAVAILABLE', where, status, retryAfterMs);
    }
    return new CollectorError('CANARY_API_ERROR', where, { status });
  }

  private transportError(error: unknown, path: string): CollectorError {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new CollectorError('CANARY_TIMEOUT', `${path}: no answer within ${this.options.timeoutMs} ms`, {
        retryable: true,
      });
    }
    const code = causeCode(error);
    // fetch refuses the ports of other protocols (1, 25, 6000, ...) before connecting, with no code
    const badPort = (error as { cause?: { message?: unknown } }).cause?.message === 'bad port';
    // A refused connection on loopback: nothing listens on that port of this machine (a simulator or
    // tunnel not started). Unlike a remote console's, that does not pass in the seconds retries wait.
    const refusedHere = code === 'ECONNREFUSED' && this.onLoopback();
    // NXDOMAIN means a wrong domain hash, a blocked port a wrong URL: retrying will not fix either.
    // Other socket errors may pass.
    const retryable = code !== 'ENOTFOUND' && !badPort && !refusedHere;
    const what =
      code === 'ENOTFOUND'
        ? 'the host name does not resolve'
        : badPort
          ? 'fetch never connects to this port (reserved for another protocol): give the port the console listens on'
          : refusedHere
            ? `connection refused: nothing listens at ${new URL(this.options.baseUrl).host} on this machine (is the simulator or tunnel running?)`
            : `connection failed (${code ?? 'unknown'})`;
    return new CollectorError('CANARY_UNREACHABLE', `${path}: ${what}`, { retryable });
  }

  private onLoopback(): boolean {
    try {
      return isLoopback(new URL(this.options.baseUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase());
    } catch {
      return false;
    }
  }

  private unexpected(error: unknown): CollectorError {
    const message = error instanceof Error ? error.message : String(error);
    return new CollectorError('CANARY_BAD_RESPONSE', this.scrub(message));
  }

  /** What a body that is not JSON looks like, scrubbed: an HTML page names its title. */
  private notJson(response: Response, text: string): string {
    return notJsonDescription(response, text, (part) => this.scrub(part));
  }

  /**
   * Text that came from elsewhere, made safe for a message: control characters first (one inside the
   * token would split it past the scrub), then the token in any of its shapes and any auth_token=
   * parameter.
   */
  private scrub(text: string): string {
    return this.scrubber
      .scrub(printable(text))
      .replace(/auth_token=[^&\s"']*/gi, 'auth_token=***')
      .slice(0, 500);
  }
}

class RetryableHttpError extends CollectorError {
  readonly retryAfterMs: number | undefined;
  constructor(code: ErrorCode, message: string, status: number, retryAfterMs: number | undefined) {
    super(code, message, { retryable: true, status });
    this.retryAfterMs = retryAfterMs;
  }
}
