import type { Rng } from './random.ts';

/**
 * The reply shapes real consoles send besides the documented one, as other integrations that talk to
 * real consoles have seen them or defend against them. Each is the same meaning in another spelling
 * (an empty list as `null`, a last page without a cursor, numbers as strings...), or a failure a proxy
 * or a console produces. The simulator serves them on request (`variants: [ids]`) or as a seeded mix
 * (`variants: 'mix'`: at most one variant of each group on each reply, meaning-preserving ones only).
 * docs/console-api.md is generated from this list (`npm run docs:api`).
 */
export type Endpoint = '/incidents/all' | '/audit_trail/fetch' | '/devices/all' | '/canarytokens/paginate';
export const ENDPOINTS: readonly Endpoint[] = [
  '/incidents/all',
  '/audit_trail/fetch',
  '/devices/all',
  '/canarytokens/paginate',
];

type Body = Record<string, unknown>;

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

const LIST: Record<Endpoint, string> = {
  '/incidents/all': 'incidents',
  '/audit_trail/fetch': 'audit_trail',
  '/devices/all': 'devices',
  '/canarytokens/paginate': 'canarytokens',
};
const PAGED: readonly Endpoint[] = ['/incidents/all', '/audit_trail/fetch', '/canarytokens/paginate'];

export const listKey = (endpoint: Endpoint): string => LIST[endpoint];

const items = (body: Body, endpoint: Endpoint): Body[] => (body[LIST[endpoint]] as Body[] | null) ?? [];
const mapItems = (body: Body, endpoint: Endpoint, change: (item: Body) => Body): Body => ({
  ...body,
  [LIST[endpoint]]: items(body, endpoint).map((item) => change(structuredClone(item))),
});
const without = (body: Body, ...keys: string[]): Body =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
const describe = (item: Body): Body => (item.description as Body | undefined) ?? {};
const numeric = (value: unknown): unknown =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
const raw = (status: number, text: string, type = 'application/json'): RawReply => ({
  status,
  text,
  headers: { 'content-type': type },
});

/**
 * A last page without a cursor still tells the end when it is short or carries page counters; a full
 * one without counters does not (the collector then goes on another way or stops with
 * CANARY_PAGING_INCOMPLETE), so a mix leaves the cursor on those.
 */
const unambiguousEnd = (body: Body, endpoint: Endpoint, limit: number): boolean =>
  endpoint === '/incidents/all' ||
  (body.cursor !== undefined && body.cursor !== null) ||
  items(body, endpoint).length < limit ||
  (body.page_number ?? body.page_num) !== undefined;

const EMPTY_LIST = 'Nothing new: the run succeeds and the checkpoint stays where it was.';
const LAST_PAGE = 'The end of the walk: no further request.';

export const VARIANTS: readonly ReplyVariant[] = [
  // Empty lists
  {
    id: 'list-null',
    endpoints: ENDPOINTS,
    what: 'an empty list as `null` (incidents: also no `max_updated_id`, every cursor field null)',
    seen: 'elastic/integrations:packages/thinkst_canary/_dev/deploy/docker/config.yml (the empty incidents page; a commented-out empty audit page with `page_count: 0`) — observed; …/data_stream/incident/agent/stream/cel.yml.hbs and …/audit/agent/stream/cel.yml.hbs (`body.?incidents.orValue(null) == null`) — defended',
    handled: EMPTY_LIST,
    when: 'empty',
    group: 'empty',
    mix: true,
    apply: (body, endpoint) => ({
      ...without(body, 'max_updated_id'),
      [LIST[endpoint]]: null,
      ...(endpoint === '/audit_trail/fetch' ? { page_count: 0, page_number: 0 } : {}),
    }),
  },
  {
    id: 'list-absent',
    endpoints: ENDPOINTS,
    what: 'an empty list left out of a `"result": "success"` reply',
    seen: 'thinkst/canarytools-python:canarytools/models/incidents.py (`Incidents.parse`: `\'incidents\' in data`); chronicle/content-hub:…/thinkst_canary (its manager) (`incidents.get("incidents", [])`); an audit-trail ingester (`raw_data.get("audit_trail", [])`) — defended',
    handled: `${EMPTY_LIST} A reply with neither the list nor \`"result": "success"\` is refused (CANARY_SCHEMA_MISMATCH).`,
    when: 'empty',
    group: 'empty',
    mix: true,
    apply: (body, endpoint) => without(body, LIST[endpoint], 'max_updated_id'),
  },
  // How a walk ends
  {
    id: 'cursor-absent',
    endpoints: PAGED,
    what: 'the last page without any `cursor` key',
    seen: "SEKOIA-IO/automation-library:ThinkstCanary/tests/test_thinkst_canary_connector.py (`message1`, an incidents page with no cursor) — observed; thinkst/canary-utils:python/canary_api2csv.py (`get('cursor', {})`) — defended",
    handled: `${LAST_PAGE} A page shorter than the page size, or whose page counters say it is the last, ends the walk; a full one does not say whether more follow: incidents go on with \`incidents_since\`, the audit trail walk ends only if it reached the entry after the checkpoint, Canarytokens stop; otherwise CANARY_PAGING_INCOMPLETE.`,
    when: 'last',
    group: 'cursor',
    mix: true,
    keepsMeaning: unambiguousEnd,
    apply: (body) => without(body, 'cursor'),
  },
  {
    id: 'cursor-null',
    endpoints: PAGED,
    what: 'the last page with `"cursor": null`',
    seen: 'chronicle/content-hub:…/thinkst_canary (its manager) (`if cursor := incidents.get("cursor")`); gravwell/gravwell:experiments/gravwell_fetcher/thinkst.go (cursor fields typed `any`) — defended',
    handled: 'As without a cursor.',
    when: 'last',
    group: 'cursor',
    mix: true,
    keepsMeaning: unambiguousEnd,
    apply: (body) => ({ ...body, cursor: null }),
  },
  {
    id: 'cursor-next-empty',
    endpoints: PAGED,
    what: 'the last page with `cursor.next` as `""`',
    seen: "SEKOIA-IO/automation-library:…/connector_thinkst_canary_alerts.py (`if not cursor: return`); secops4thewin/TA-canary:bin/input_module_canary_api.py (`if not data['cursor']['next']`); SherifEldeeb/go-canarytools:RefResponse.go (`Next string`: null decodes as \"\") — defended",
    handled: LAST_PAGE,
    when: 'last',
    group: 'cursor',
    mix: true,
    apply: (body) => ({ ...body, cursor: { ...(body.cursor as Body), next: '', next_link: '' } }),
  },
  {
    id: 'cursor-next-absent',
    endpoints: PAGED,
    what: 'the last page with a `cursor` object that has no `next`',
    seen: "thinkst/canary-utils:python/canary_api2csv.py (`.get('next', None)`); thinkst/canary-utils:powershell/Invoke-TokenManager.ps1 (checks that `next_link` exists) — defended",
    handled: LAST_PAGE,
    when: 'last',
    group: 'cursor',
    mix: true,
    apply: (body) => ({ ...body, cursor: { prev: null } }),
  },
  // Numbers, booleans, placeholders
  {
    id: 'ids-as-strings',
    endpoints: ['/incidents/all', '/audit_trail/fetch'],
    what: '`updated_id`, `max_updated_id` and audit `id` as strings of digits',
    seen: 'Azure/Azure-Sentinel:Solutions/ThinkstCanary/Data Connectors/ThinkstCanaryLogs_ccp/ThinkstCanary_DCR.json (`toreal(updated_id)`); elastic/integrations:…/incident/elasticsearch/ingest_pipeline/default.yml (converts them) — defended; the docs send other counts as strings',
    handled: 'Read as whole numbers and compared as numbers (never as text: "9" < "10").',
    when: 'items',
    group: 'ids',
    mix: true,
    apply: (body, endpoint) => {
      const changed = mapItems(body, endpoint, (item) => ({
        ...item,
        ...(item.updated_id === undefined ? {} : { updated_id: String(item.updated_id) }),
        ...(endpoint === '/audit_trail/fetch' ? { id: String(item.id) } : {}),
      }));
      return body.max_updated_id === undefined
        ? changed
        : { ...changed, max_updated_id: String(body.max_updated_id) };
    },
  },
  {
    id: 'max-updated-id-absent',
    endpoints: ['/incidents/all'],
    what: 'a page of incidents without `max_updated_id`',
    seen: 'Tubbz-alt/canary_splunk_addon:bin/input_module_canary_api.py ("max_updated_id is only present on queries with incidents"); MikeC-I/Get-CanaryLogs:Get-CanaryLogs.ps1 (takes the highest `updated_id` itself) — defended',
    handled: 'Not read: the checkpoint is the highest `updated_id` of the incidents delivered.',
    when: 'items',
    group: 'max',
    mix: true,
    apply: (body) => without(body, 'max_updated_id'),
  },
  {
    id: 'description-numbers',
    endpoints: ['/incidents/all'],
    what: '`created`, `updated_time`, `dst_port`, `src_port`, `events_count` and `logtype` as JSON numbers instead of strings',
    seen: 'demisto/content:Packs/ThinkstCanary/Integrations/ThinkstCanary/ThinkstCanary_test.py (`created` as a number) — observed; demisto/content:…/ThinkstCanary.py and chronicle/content-hub (`int(created)`) — defended',
    handled: 'Read either way: `time` and `normalized` are the same.',
    when: 'items',
    group: 'numbers',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => {
        const d = describe(item);
        for (const key of ['created', 'dst_port', 'src_port', 'events_count', 'logtype'])
          d[key] = numeric(d[key]);
        return { ...item, updated_time: numeric(item.updated_time), description: d };
      }),
  },
  {
    id: 'placeholders',
    endpoints: ['/incidents/all'],
    what: 'absent values as `"N/A"`, `""` or `-1` (`name`, `src_host_reverse`, `dst_host`, `ippers`, `mac_address`, `src_port`)',
    seen: 'elastic/integrations:…/_dev/deploy/docker/config.yml (`name: "N/A"`, `src_host: ""`); SEKOIA-IO/automation-library:…/tests/test_thinkst_canary_connector.py (`ip_address: ""`) — observed; chronicle/content-hub (`_gen_new_val` drops None, "", -1, "-1") — defended',
    handled: 'The `normalized` field is null; the raw value is kept in `canary`.',
    when: 'items',
    group: 'placeholders',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => {
        const d = describe(item);
        if (d.src_host_reverse === '') d.src_host_reverse = 'N/A';
        d.ippers = '';
        if (d.name === 'N/A') {
          d.src_port = '-1';
          d.mac_address = '';
        }
        return { ...item, description: d };
      }),
  },
  {
    id: 'events-missing',
    endpoints: ['/incidents/all'],
    what: 'an incident with `events` absent or `[]`',
    seen: 'chronicle/content-hub:…/thinkst_canary (its manager) (`_parse_events`: "Some incidents do not generate an \'events\' list"); SEKOIA-IO/automation-library:…/connector_thinkst_canary_alerts.py (`pop("events", [])`) — defended',
    handled: 'Delivered with its fields; flattened output has no events for it.',
    when: 'items',
    group: 'events',
    mix: false,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => {
        const d = describe(item);
        if (Number(d.events_count) === 1) d.events = [];
        else if (Number(d.events_count) === 2) delete d.events;
        return { ...item, description: d };
      }),
  },
  {
    id: 'events-list-forms',
    endpoints: ['/incidents/all'],
    what: '`events_list` as a comma-separated string, a list of epoch milliseconds, or one number',
    seen: 'SEKOIA-IO/automation-library:…/tests/test_thinkst_canary_connector.py (`"1720684078,1720684081"`) — observed; thinkst/canarytools-docs:docs/incidents/queries.md (a list of milliseconds) — observed; a pydantic model of the API (`Union[int, List[int]]`) — defended',
    handled: 'Kept in `canary` as sent; not read.',
    when: 'items',
    group: 'events-list',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => {
        const d = describe(item);
        const times = ((d.events as Body[] | undefined) ?? []).map((e) => Number(e.timestamp ?? 0));
        const form = Number(item.updated_id) % 3;
        d.events_list =
          form === 0 ? times.join(',') : form === 1 ? times.map((t) => t * 1000) : (times[0] ?? 0);
        return { ...item, description: d };
      }),
  },
  {
    id: 'portscan-events-untimed',
    endpoints: ['/incidents/all'],
    what: 'Consolidated Network Port Scan (5007) events keyed by port number, without `timestamp`',
    seen: 'thinkst/canarytools-docs:docs/incidents/incident-objects.md (logtype 5007) — observed; thinkst/canarytools-python:canarytools/models/incidents.py (`Event.to_dict`: these "don\'t include a timestamp") — defended',
    handled: "Delivered; a flattened event without a time takes its incident's time.",
    when: 'items',
    group: 'portscan',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => {
        const d = describe(item);
        if (String(d.logtype) === '5007' && Array.isArray(d.events))
          d.events = (d.events as Body[]).map((e) => without(e, 'timestamp', 'timestamp_std'));
        return { ...item, description: d };
      }),
  },
  {
    id: 'description-absent',
    endpoints: ['/incidents/all'],
    what: 'an incident without `description`',
    seen: 'SEKOIA-IO/automation-library:…/connector_thinkst_canary_alerts.py (`incident.pop("description", {})`); chronicle/content-hub (`incident.get("description", {})`) — defended',
    handled:
      'Delivered, read as an empty description: an unknown logtype, so it counts as an attack and alerts on its first delivery (never dropped).',
    when: 'items',
    group: 'description',
    mix: false,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) =>
        Number(item.updated_id) % 5 === 0 ? without(item, 'description') : item,
      ),
  },
  {
    id: 'extra-fields',
    endpoints: ENDPOINTS,
    what: 'fields the documentation does not show (`matched_annotations: {}`, `flock_name`, `dst_host_public_ip`, `local_time` with " (UTC)"; audit `flock_name`, `user_access_route`)',
    seen: 'SEKOIA-IO/automation-library:…/tests/test_thinkst_canary_connector.py — observed; gravwell/gravwell:experiments/gravwell_fetcher/thinkst.go (audit `flock_name`, `user_access_route`) — defended',
    handled: 'Kept in `canary` as sent.',
    when: 'items',
    group: 'extra',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => {
        if (endpoint === '/incidents/all') {
          const d = describe(item);
          return {
            ...item,
            description: {
              ...d,
              matched_annotations: {},
              dst_host_public_ip: '',
              local_time: `${String(d.local_time ?? '')} (UTC)`,
            },
          };
        }
        if (endpoint === '/audit_trail/fetch')
          return { ...item, flock_name: 'Default Flock', user_access_route: 'api' };
        return { ...item, x_later_field: { nested: true } };
      }),
  },
  // The audit trail
  {
    id: 'audit-no-counters',
    endpoints: ['/audit_trail/fetch'],
    what: 'audit pages without `page_count` / `page_number`',
    seen: 'gravwell/gravwell:experiments/gravwell_fetcher/thinkst.go (stops on an empty page or no `next`, never reads the counters) — defended; the documented reply has them (thinkst/canarytools-docs:docs/console/audit-trail.md)',
    handled: 'Paging follows the cursor alone.',
    when: 'always',
    group: 'counters',
    mix: true,
    keepsMeaning: unambiguousEnd,
    apply: (body) => without(body, 'page_count', 'page_number'),
  },
  {
    id: 'audit-nulls',
    endpoints: ['/audit_trail/fetch'],
    what: '`additional_information: null`, `flock_id: null`, `user_browser_language: ""`, `user_browser_agent: ""`',
    seen: 'elastic/integrations:…/_dev/deploy/docker/config.yml and …/audit/_dev/test/pipeline/test-audit.json — observed',
    handled: 'The `normalized` fields are null.',
    when: 'items',
    group: 'audit-nulls',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => ({
        ...item,
        additional_information: null,
        flock_id: null,
        user_browser_language: '',
        user_browser_agent: '',
      })),
  },
  // Birds
  {
    id: 'devices-strings',
    endpoints: ['/devices/all'],
    what: 'birds with string-typed fields: `live: "True"`/`"False"`, `uptime: "4014"`, `first_seen` as epoch seconds in a string',
    seen: 'thinkst/canarytools-docs:docs/bird-management/queries.md (`/devices/filter` and `/device/getinfo` replies) — observed; thinkst/canarytools-python:canarytools/models/devices.py (coerces them) — defended',
    handled: 'Read either way: `live`, `uptime_seconds` and `first_seen` are the same.',
    when: 'items',
    group: 'device-types',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => ({
        ...item,
        live: item.live === true ? 'True' : 'False',
        uptime: String(item.uptime),
        first_seen: String(Math.floor(Date.parse(String(item.first_seen)) / 1000)),
      })),
  },
  {
    id: 'devices-contradictory-live',
    endpoints: ['/devices/all'],
    what: 'a bird with both `device_live` and `live`, disagreeing',
    seen: 'thinkst/canarytools-docs:docs/bird-management/queries.md (the Filter Birds example: `device_live: "True"`, `live: "False"`) — observed',
    handled: '`live` decides (it is the field `/devices/all` documents); `device_live` is kept in `canary`.',
    when: 'items',
    group: 'device-live',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) => ({ ...item, device_live: item.live === true ? 'False' : 'True' })),
  },
  {
    id: 'devices-ghost',
    endpoints: ['/devices/all'],
    what: 'a bird without `ip_address` (a ghost device), and empty strings for unset fields',
    seen: 'thinkst/canarytools-python:canarytools/models/devices.py ("ghost devices won\'t have an ip") — defended; thinkst/canarytools-docs:docs/bird-management/queries.md (`note: ""`, `public_ip: ""`) — observed',
    handled: '`normalized.ip` is null; the bird is delivered.',
    when: 'items',
    group: 'device-ghost',
    mix: true,
    apply: (body, endpoint) =>
      mapItems(body, endpoint, (item) =>
        String(item.name).endsWith('1') ? { ...without(item, 'ip_address'), public_ip: '' } : item,
      ),
  },
  // Canarytokens
  {
    id: 'tokens-key-tokens',
    endpoints: ['/canarytokens/paginate'],
    what: 'the list named `tokens` (as `/canarytokens/fetch` names it) instead of `canarytokens`',
    seen: 'thinkst/canarytools-docs:docs/canarytokens/queries.md (`/canarytokens/fetch` → `tokens`) — observed; thinkst/canarytools-python:canarytools/models/canarytokens.py (accepts `tokens`, `token`, `canarytoken`) — defended',
    handled: 'Read as the same list.',
    when: 'items',
    group: 'token-key',
    mix: true,
    apply: (body) => ({ ...without(body, 'canarytokens'), tokens: body.canarytokens }),
  },
  {
    id: 'tokens-search-counters',
    endpoints: ['/canarytokens/paginate'],
    what: '`page_number` / `total_pages` / `total_results` instead of `page_num` / `page_total`',
    seen: 'thinkst/canarytools-docs:docs/canarytokens/queries.md (the `/canarytokens/search` reply) — observed',
    handled:
      'Either pair is read; paging follows the cursor, the counters only tell a last page from a cut-off one.',
    when: 'always',
    group: 'token-counters',
    mix: true,
    apply: (body) => ({
      ...without(body, 'page_num', 'page_total'),
      page_number: body.page_num,
      total_pages: body.page_total,
      total_results: items(body, '/canarytokens/paginate').length,
    }),
  },
  // Failures
  {
    id: 'error-200',
    endpoints: ENDPOINTS,
    what: '`{"result": "error", "message": …}` with HTTP 200',
    seen: 'thinkst/canarytools-python:canarytools/console.py (`handle_response` keys on `result`); SherifEldeeb/go-canarytools:ConsoleAPI.go (never reads the status); Azure/Azure-Sentinel:…/ThinkstCanary_PollingConfig.json (`successStatusJsonPath: $.result`) — defended',
    handled:
      "CANARY_API_ERROR with the console's message (CANARY_AUTH_FAILED for its two auth messages); the checkpoint holds.",
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, JSON.stringify({ message: 'Something went wrong', result: 'error' })),
  },
  {
    id: 'error-failure',
    endpoints: ENDPOINTS,
    what: '`"result": "failure"` instead of `"error"`',
    seen: 'demisto/content:Packs/ThinkstCanary/Integrations/ThinkstCanary/ThinkstCanary.py (`whitelist_ip_command` branches on `failure`) — defended',
    handled: 'The same as `"error"`: CANARY_API_ERROR.',
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, JSON.stringify({ message: 'Request failed', result: 'failure' })),
  },
  {
    id: 'error-no-message',
    endpoints: ENDPOINTS,
    what: '`{"result": "error"}` without a message',
    seen: 'thinkst/canarytools-python:canarytools/console.py (`handle_exception` raises a generic error without one) — defended',
    handled: 'CANARY_API_ERROR saying "no message".',
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, JSON.stringify({ result: 'error' })),
  },
  {
    id: 'html-200',
    endpoints: ENDPOINTS,
    what: 'an HTML page with HTTP 200 (a proxy, captive portal or login page)',
    seen: 'splunk-soar-connectors/canary:canary_connector.py (`_process_html_response`: "PROXY\'s return HTML"); thinkst/canary-utils:bash/canary_api2csv.sh ("unable to parse html content") — defended',
    handled: "CANARY_BAD_RESPONSE naming the page's title, retried with backoff; the checkpoint holds.",
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () =>
      raw(
        200,
        '<!DOCTYPE html><html><head><title>Sign in - Corp Proxy</title></head><body>Log in</body></html>',
        'text/html',
      ),
  },
  {
    id: 'html-502',
    endpoints: ENDPOINTS,
    what: 'an HTML error page with HTTP 502 from a gateway',
    seen: 'splunk-soar-connectors/canary:canary_connector.py; demisto/content:…/ThinkstCanary.py (`http_request`: a `ValueError` on the body shows `res.text`) — defended',
    handled: "CANARY_UNAVAILABLE, retried with backoff (5xx), the page's title in the message.",
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () =>
      raw(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html'),
  },
  {
    id: 'empty-200',
    endpoints: ENDPOINTS,
    what: 'an empty body with HTTP 200',
    seen: 'elastic/integrations:…/incident/agent/stream/cel.yml.hbs (`size(resp.Body) != 0`, else an error); splunk-soar-connectors/canary:canary_connector.py (`_process_empty_response`) — defended',
    handled: 'CANARY_BAD_RESPONSE ("the reply is empty"), retried: an empty body does not say "nothing new".',
    when: 'always',
    group: 'failure',
    mix: false,
    apply: () => raw(200, ''),
  },
];

export type VariantSetting = 'mix' | readonly string[];

/** Checks variant ids; a typo in a test must not silently test the documented shape. */
export function checkVariants(setting: VariantSetting | undefined): void {
  if (setting === undefined || setting === 'mix') return;
  const unknown = setting.filter((id) => !VARIANTS.some((v) => v.id === id));
  if (unknown.length > 0) throw new Error(`unknown reply variants: ${unknown.join(', ')}`);
}

/**
 * The reply as the variants setting serves it: named variants whenever they apply; a mix picks, for
 * each group, one applicable meaning-preserving variant (or none) at random from the simulator's seed.
 */
export function varyReply(
  setting: VariantSetting,
  endpoint: Endpoint,
  body: Body,
  limit: number,
  rng: Rng,
): { body: Body; applied: string[] } | { raw: RawReply; applied: string[] } {
  const empty = items(body, endpoint).length === 0;
  const cursor = body.cursor as Body | null | undefined;
  const last = cursor === undefined || cursor === null || cursor.next === null || cursor.next === '';
  const applies = (v: ReplyVariant) =>
    v.endpoints.includes(endpoint) &&
    (v.when === 'always' || (v.when === 'empty' ? empty : v.when === 'items' ? !empty : last));
  let chosen: ReplyVariant[];
  if (setting === 'mix') {
    const groups = new Map<string, ReplyVariant[]>();
    for (const v of VARIANTS.filter((v) => v.mix && applies(v)))
      groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
    chosen = [...groups.values()].flatMap((options) => {
      const pick = Math.floor(rng.next() * (options.length + 1));
      return pick < options.length ? [options[pick] as ReplyVariant] : [];
    });
  } else {
    chosen = VARIANTS.filter((v) => setting.includes(v.id) && applies(v));
  }
  let current = body;
  const applied: string[] = [];
  for (const variant of chosen) {
    const out = variant.apply(current, endpoint);
    if (isRaw(out)) return { raw: out, applied: [variant.id] };
    if (setting === 'mix' && variant.keepsMeaning?.(out, endpoint, limit) === false) continue;
    current = out;
    applied.push(variant.id);
  }
  return { body: current, applied };
}

function isRaw(reply: Body | RawReply): reply is RawReply {
  return typeof reply.status === 'number' && typeof reply.text === 'string';
}
