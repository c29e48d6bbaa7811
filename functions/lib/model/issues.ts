import type * as z from 'zod';
import { CollectorError, type ErrorCode } from '../core/errors.ts';

/**
 * One format for every validation problem the collector reports, whatever it validated: the path as
 * the input names it (`CONSOLES[0].incidentsFrom`, `sources.birds.intervalMinutes`), then the message.
 * Values never appear: a message may be read by someone who must not see a secret.
 */
export function issueLine(issue: z.core.$ZodIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export function issueLines(error: z.ZodError): string[] {
  return error.issues.map(issueLine);
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  const text = path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}.${String(part)}`,
    '',
  );
  return text === '' ? '(root)' : text;
}

/**
 * Parses `input` or throws one CollectorError listing every problem: `invalid <what>: <issue>; <issue>`.
 * `code` is CONFIG_INVALID unless what was read is not configuration (a secret, a console's reply).
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  code: ErrorCode = 'CONFIG_INVALID',
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new CollectorError(code, `invalid ${what}: ${issueLines(parsed.error).join('; ')}`);
}
