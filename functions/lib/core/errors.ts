import { type AdviceContext, adviceFor, IN_LAMBDA } from './advice.ts';

/**
 * The one error family of the collector. Every failure that crosses a module boundary is a
 * CollectorError with a stable `code`: alarms, the run statistics and the README's
 * troubleshooting table key on these codes, so they never change meaning.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'the collector configuration (environment) is invalid',
  EVENT_INVALID: 'the invocation event is invalid (expected {"console": "<name>"})',
  CONSOLE_UNKNOWN: 'the event names a console that is not configured',
  SECRET_UNAVAILABLE: 'the console secret could not be read from Secrets Manager',
  SECRET_INVALID: 'the console secret is not the expected JSON',
  HOST_NOT_ALLOWED: 'the console URL is not an allowed host',
  CANARY_AUTH_FAILED: 'the console rejected the auth token',
  CANARY_FORBIDDEN: 'the auth token may not read this endpoint',
  CANARY_NOT_FOUND: 'the endpoint does not exist on this console',
  CANARY_API_ERROR: 'the console answered with result "error"',
  CANARY_RATE_LIMITED: 'the console kept answering 429 Too Many Requests',
  CANARY_UNAVAILABLE: 'the console kept answering with a server error',
  CANARY_TIMEOUT: 'the console did not answer in time',
  CANARY_UNREACHABLE: 'the console could not be reached (DNS, connection refused or reset)',
  CANARY_REDIRECT: 'the console answered with a redirect, which is never followed',
  CANARY_BAD_RESPONSE: 'the console answered with a body that is not valid JSON',
  CANARY_SCHEMA_MISMATCH: 'a console response did not have the expected shape',
  CANARY_RESPONSE_TOO_LARGE: 'a console response body was larger than the collector reads',
  CANARY_CURSOR_LOOP: 'the console returned a pagination cursor it had returned before',
  CANARY_PAGING_INCOMPLETE: 'a console page announced more pages but gave no cursor to reach them',
  RECORD_TOO_LARGE: 'an output record is larger than Firehose accepts',
  SINK_FAILED: 'Firehose did not accept every record after retries',
  DISPATCH_FAILED: 'SQS did not accept every run request of a fleet dispatch after retries',
  CHECKPOINT_CONFLICT: 'the checkpoint changed under this run (lease lost)',
  CHECKPOINT_UNAVAILABLE: 'the checkpoint table could not be read or written',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface CollectorErrorOptions {
  retryable?: boolean;
  status?: number;
  cause?: unknown;
}

export class CollectorError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, options: CollectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CollectorError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
  }
}

export function isCollectorError(error: unknown, code?: ErrorCode): error is CollectorError {
  return error instanceof CollectorError && (code === undefined || error.code === code);
}

/** Whatever was thrown, as a summary that is safe to log, with what to do about it where it runs. */
export function describeError(
  error: unknown,
  context: AdviceContext = IN_LAMBDA,
): { code: string; message: string; advice: string } {
  const { code, message } =
    error instanceof CollectorError
      ? { code: error.code, message: error.message }
      : error instanceof Error
        ? { code: 'INTERNAL', message: `${error.name}: ${error.message}` }
        : { code: 'INTERNAL', message: String(error) };
  return { code, message, advice: adviceFor(code, message, context) };
}
