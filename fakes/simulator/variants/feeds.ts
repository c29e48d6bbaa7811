import { items, mapItems, type ReplyVariant, unambiguousEnd, without } from './reply.ts';

/** The audit trail's, the birds' and the Canarytokens' own variants. */
export const FEED_VARIANTS: readonly ReplyVariant[] = [
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
];
