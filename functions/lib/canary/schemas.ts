import * as z from 'zod';
import { issueLines } from '../model/issues.ts';

/**
 * Response schemas. Objects are loose: fields the console adds later are kept, never stripped,
 * because the raw object goes to the SIEM as it came. Only what the collector needs to page and to
 * checkpoint is required; every other field is read leniently where it is used (values.ts), because
 * real consoles send the same meaning in several spellings (docs/console-api.md lists them all).
 */

export const ErrorBodySchema = z.looseObject({
  result: z.unknown().optional(),
  message: z.unknown().optional(),
});

/** `result` values that mean the console refused the request ("failure" on some settings endpoints). */
export const ERROR_RESULTS: ReadonlySet<unknown> = new Set(['error', 'failure']);

/** A JSON number, or a string of digits (the API sends many numbers as strings). */
export const IntLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*-?\d+\s*$/)
    .transform(Number),
]);

/** A page counter (`page_number`, `page_count`...): a whole number in either spelling, else absent. */
const Counter = z
  .unknown()
  .transform((value) => {
    const parsed = IntLike.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  })
  .optional();

/**
 * Where a paged reply says to go on. `cursor` may be absent, null, `{}` or carry `next` as null, "" or
 * absent: each means "no next page" as far as the cursor goes (see paginate.ts for what else decides).
 */
export const CursorSchema = z.looseObject({ next: z.string().nullish() });

/** The page counters some feeds carry besides the cursor (audit: page_number/page_count; tokens: page_num/page_total). */
const Counters = {
  page_number: Counter,
  page_count: Counter,
  page_num: Counter,
  page_total: Counter,
  total_pages: Counter,
};

export const PingSchema = z.looseObject({ result: z.literal('success') });

/** An incident's or token's id: a string, or a number (sent as its decimal string). */
const Id = z.union([z.string().min(1), z.number().int().transform(String)]);

export const IncidentSchema = z.looseObject({
  id: Id,
  /** The checkpoint moves by it: without it an incident could not be placed, so it is required. */
  updated_id: IntLike,
  summary: z.unknown().optional(),
  updated_time: z.unknown().optional(),
  /** Absent on some shapes other integrations defend against: read as an empty description. */
  description: z
    .custom<IncidentDescription>(isDescription, {
      message: 'expected an object whose events, if any, are a list',
    })
    .optional()
    .transform((description) => description ?? {}),
});

/**
 * An incident's description: checked, not copied. It holds most of an incident's bytes (its events),
 * and a copy of every description and events list on every page was a good part of the collector's
 * garbage; nothing in it is transformed, so the object the console sent is used as it is.
 */
export interface IncidentDescription {
  created?: unknown;
  logtype?: unknown;
  events?: unknown[] | null | undefined;
  [key: string]: unknown;
}

function isDescription(value: unknown): value is IncidentDescription {
  if (!isRecord(value)) return false;
  const events = value.events;
  return events === undefined || events === null || Array.isArray(events);
}

export type Incident = z.infer<typeof IncidentSchema>;

/** What a feed reply says about paging, besides its list. */
export interface PageMeta {
  result?: unknown;
  cursor?: { next?: string | null | undefined } | null | undefined;
  page_number?: number | undefined;
  page_count?: number | undefined;
  page_num?: number | undefined;
  page_total?: number | undefined;
  total_pages?: number | undefined;
}

/** A feed reply: its list under `key`, where to go on, and whatever else the console sent. */
export type FeedPage<K extends string, T> = { [P in K]: T[] } & PageMeta & Record<string, unknown>;

/**
 * A feed reply whose list is `key`. An empty list comes in several spellings: `[]`, `null`, or the key
 * left out of a reply that says `"result": "success"`; all three mean "nothing here". A reply with
 * neither the list nor a success result is not a Canary feed (a proxy's JSON, a changed API) and is
 * refused, so a broken reply is never read as an empty one.
 */
function feed<K extends string, T>(key: K, item: z.ZodType<T>): z.ZodType<FeedPage<K, T>> {
  return z
    .looseObject({
      result: z.unknown().optional(),
      cursor: CursorSchema.nullish(),
      ...Counters,
      [key]: z.array(item).nullish(),
    })
    .superRefine((page, ctx) => {
      if (page[key] === undefined && page.result !== 'success')
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'missing, and the reply does not say "success"',
        });
    })
    .transform((page) => ({ ...page, [key]: page[key] ?? [] }) as FeedPage<K, T>);
}

/** `max_updated_id` (absent on an empty page) is not read: the checkpoint is the highest `updated_id` delivered. */
export const IncidentsPageSchema = feed('incidents', IncidentSchema);

/** The first five problems of a reply that did not parse, in the collector's one issue format. */
export function formatIssues(error: z.ZodError): string {
  return issueLines(error).slice(0, 5).join('; ');
}

export const AuditEntrySchema = z.looseObject({
  id: IntLike,
  action_type: z.unknown().optional(),
  timestamp: z.unknown().optional(),
});

export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = feed('audit_trail', AuditEntrySchema);

export const DeviceSchema = z.looseObject({
  id: Id,
  name: z.unknown().optional(),
  live: z.unknown().optional(),
});

export type Device = z.infer<typeof DeviceSchema>;

export const DevicesPageSchema = feed('devices', DeviceSchema);

export const TokenSchema = z.looseObject({
  canarytoken: z.unknown().optional(),
  key: z.unknown().optional(),
  kind: z.unknown().optional(),
});

export type Token = z.infer<typeof TokenSchema>;

/**
 * `/canarytokens/paginate` names its list `canarytokens`; `/canarytokens/fetch` names it `tokens`.
 * A reply with `tokens` and no `canarytokens` is read as the same list.
 */
export const TokensPageSchema = z.preprocess(
  (body) =>
    isRecord(body) && body.canarytokens === undefined && Array.isArray(body.tokens)
      ? { ...body, canarytokens: body.tokens }
      : body,
  feed('canarytokens', TokenSchema),
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
