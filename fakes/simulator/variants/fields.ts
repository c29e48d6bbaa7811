import { type Body, describe, ENDPOINTS, mapItems, numeric, type ReplyVariant, without } from './reply.ts';

/** The fields of list items, mostly incidents': spelled otherwise, left out, or added. */
export const FIELD_VARIANTS: readonly ReplyVariant[] = [
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
];
