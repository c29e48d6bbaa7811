import { ENDPOINTS, LIST, PAGED, type ReplyVariant, unambiguousEnd, without } from './reply.ts';

const EMPTY_LIST = 'Nothing new: the run succeeds and the checkpoint stays where it was.';
const LAST_PAGE = 'The end of the walk: no further request.';

/** Empty lists, and the last page of a walk. */
export const LIST_VARIANTS: readonly ReplyVariant[] = [
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
];
