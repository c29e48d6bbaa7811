/** What every reply variant is, and the edits variants make to a feed's reply body. */

export type Endpoint = '/incidents/all' | '/audit_trail/fetch' | '/devices/all' | '/canarytokens/paginate';
export const ENDPOINTS: readonly Endpoint[] = [
  '/incidents/all',
  '/audit_trail/fetch',
  '/devices/all',
  '/canarytokens/paginate',
];

export type Body = Record<string, unknown>;

/** A reply that replaces the feed's answer altogether (an error body, a proxy's page). */
export interface RawReply {
  status: number;
  text: string;
  headers: Record<string, string>;
}

export interface ReplyVariant {
  id: string;
  /** The endpoints it applies to. */
  endpoints: readonly Endpoint[];
  /** The variant, in words. */
  what: string;
  /** Where it was seen (observed: a fixture, mock or documented reply) or defended against (code). */
  seen: string;
  /** What the collector does with it. */
  handled: string;
  /** Applies only to replies with an empty list, with items, or on the last page. */
  when: 'empty' | 'items' | 'last' | 'always';
  /** Variants of one group exclude each other (two spellings of one field). */
  group: string;
  /** false when the reply no longer means the same (an error): named tests only, never in a mix. */
  mix: boolean;
  /** In a mix, a reply this variant made is served only if this holds of it: it still means the same. */
  keepsMeaning?(changed: Body, endpoint: Endpoint, limit: number): boolean;
  apply(body: Body, endpoint: Endpoint): Body | RawReply;
}

export const LIST: Record<Endpoint, string> = {
  '/incidents/all': 'incidents',
  '/audit_trail/fetch': 'audit_trail',
  '/devices/all': 'devices',
  '/canarytokens/paginate': 'canarytokens',
};
export const PAGED: readonly Endpoint[] = ['/incidents/all', '/audit_trail/fetch', '/canarytokens/paginate'];

export const listKey = (endpoint: Endpoint): string => LIST[endpoint];

export const items = (body: Body, endpoint: Endpoint): Body[] =>
  (body[LIST[endpoint]] as Body[] | null) ?? [];
export const mapItems = (body: Body, endpoint: Endpoint, change: (item: Body) => Body): Body => ({
  ...body,
  [LIST[endpoint]]: items(body, endpoint).map((item) => change(structuredClone(item))),
});
export const without = (body: Body, ...keys: string[]): Body =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
export const describe = (item: Body): Body => (item.description as Body | undefined) ?? {};
export const numeric = (value: unknown): unknown =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
export const raw = (status: number, text: string, type = 'application/json'): RawReply => ({
  status,
  text,
  headers: { 'content-type': type },
});

/**
 * A last page without a cursor still tells the end when it is short or carries page counters; a full
 * one without counters does not (the collector then goes on another way or stops with
 * CANARY_PAGING_INCOMPLETE), so a mix leaves the cursor on those.
 */
export const unambiguousEnd = (body: Body, endpoint: Endpoint, limit: number): boolean =>
  endpoint === '/incidents/all' ||
  (body.cursor !== undefined && body.cursor !== null) ||
  items(body, endpoint).length < limit ||
  (body.page_number ?? body.page_num) !== undefined;
