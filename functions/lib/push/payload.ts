import * as z from 'zod';
import { issueLine } from '../model/issues.ts';

/**
 * The console's generic webhook bodies (Canary docs, webhooks/generic.md): an incident, the console's
 * test incident, or an audit-trail entry. Loose objects, since the console may add fields; every
 * string bounded, so an oversized field is refused rather than carried.
 */
const text = (max = 4096) => z.string().max(max);
const number = z.union([z.number().int(), z.string().regex(/^\d{1,9}$/)]).transform(Number);

/** "2026-02-02 14:19:02 (UTC)", the webhook's incident time. */
export const WEBHOOK_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) \(UTC\)$/;

export const IncidentWebhookSchema = z.looseObject({
  IncidentHash: z.string().regex(/^[A-Za-z0-9]{8,128}$/, 'an incident hash'),
  Timestamp: z
    .string()
    .regex(WEBHOOK_TIME, 'a time as "YYYY-MM-DD HH:MM:SS (UTC)"')
    .refine(isRealTime, 'a real date and time'),
  Description: text(1024),
  LogType: number,
  AlertType: text(64).optional(),
  Intro: text().optional(),
  CanaryName: text(256).optional(),
  CanaryID: text(256).optional(),
  CanaryIP: text(64).optional(),
  CanaryPort: z.union([z.number().int(), text(16)]).optional(),
  CanaryLocation: text(1024).optional(),
  Flock: text(256).optional(),
  SourceIP: text(64).optional(),
  ReverseDNS: text(1024).optional(),
  AdditionalDetails: z
    .array(z.tuple([text(256), z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()])]))
    .max(1000)
    .optional(),
  MatchedAnnotations: z.union([text(65_536), z.record(z.string(), z.unknown())]).optional(),
  Reminder: text().optional(),
  Token: text(256).optional(),
  Triggered: z.union([text(32), z.number()]).optional(),
});
export type IncidentWebhook = z.infer<typeof IncidentWebhookSchema>;

/** The console's test incident: no hash, LogType 111111, Canary "0000000testnode". */
export const TestWebhookSchema = z.looseObject({
  LogType: number.pipe(z.literal(111111)),
  Timestamp: z.string().regex(WEBHOOK_TIME).refine(isRealTime, 'a real date and time'),
  Description: text(1024).optional(),
  CanaryID: text(256).optional(),
});

export const AuditWebhookSchema = z.looseObject({
  type: z.literal('console-audit'),
  payload: z.looseObject({
    timestamp: z.iso.datetime({ offset: true }),
    action_type: text(128),
    message: text().optional(),
    flock_id: text(256).nullable().optional(),
    flock_name: text(256).nullable().optional(),
    user: text(256).nullable().optional(),
    user_ip: text(64).nullable().optional(),
    user_browser_agent: text(1024).nullable().optional(),
    user_browser_language: text(256).nullable().optional(),
    user_access_route: text(1024).nullable().optional(),
  }),
});
export type AuditWebhook = z.infer<typeof AuditWebhookSchema>;

export type Webhook =
  | { kind: 'incident'; body: IncidentWebhook }
  | { kind: 'test'; body: z.infer<typeof TestWebhookSchema> }
  | { kind: 'audit'; body: AuditWebhook };

/** Which webhook a parsed JSON body is, or the problems that make it none (for the 400 answer's log). */
export function readWebhook(json: unknown): { ok: true; webhook: Webhook } | { ok: false; problems: string } {
  const audit = AuditWebhookSchema.safeParse(json);
  if (audit.success) return { ok: true, webhook: { kind: 'audit', body: audit.data } };
  const incident = IncidentWebhookSchema.safeParse(json);
  if (incident.success) return { ok: true, webhook: { kind: 'incident', body: incident.data } };
  const test = TestWebhookSchema.safeParse(json);
  if (test.success) return { ok: true, webhook: { kind: 'test', body: test.data } };
  const issues =
    (typeof json === 'object' && json !== null && 'type' in json ? audit : incident).error?.issues ?? [];
  // paths and messages only: never the values, which an unauthenticated sender chose
  return {
    ok: false,
    problems: issues.map(issueLine).join('; '),
  };
}

/** The webhook's incident time as ISO 8601 UTC (the schemas let only real times through). */
export function webhookTimeToIso(value: string): string {
  const iso = webhookTimeOrUndefined(value);
  if (iso === undefined) throw new Error('not a webhook time');
  return iso;
}

function webhookTimeOrUndefined(value: string): string | undefined {
  const match = WEBHOOK_TIME.exec(value);
  if (match === null) return undefined;
  const text = `${match[1]}T${match[2]}.000Z`;
  const epoch = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March: only a time that reads back as written is real
  return Number.isNaN(epoch) || new Date(epoch).toISOString() !== text ? undefined : text;
}

function isRealTime(value: string): boolean {
  return webhookTimeOrUndefined(value) !== undefined;
}

/** Deeper than any webhook nests (the console's are three levels): refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests deeper than `max` arrays and objects, read without recursion (so a
 * 100,000-deep body costs one pass, not the stack), brackets inside strings ignored.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
