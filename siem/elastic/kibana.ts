/**
 * The Kibana dashboard over the ECS output, as data: a data view and one Lens visualization per
 * panel of the report, each a KQL query and its columns. `npm run gen:kibana` writes them as a saved
 * objects file (siem/elastic/kibana/thinkst-canary.ndjson, Kibana 8's export format: Stack Management
 * → Saved objects → Import); a test checks that file against this one and every field a panel uses
 * against the ECS definitions and real ECS output.
 */

export const DATA_VIEW_ID = 'thinkst-canary-ecs';
export const DASHBOARD_ID = 'thinkst-canary-overview';
export const KIBANA_FILE = 'siem/elastic/kibana/thinkst-canary.ndjson';

/** Where the records are indexed: Elastic's Firehose endpoint writes to `logs-*` data streams. */
export const DATA_VIEW_TITLE = 'logs-*';

export type Operation = 'count' | 'unique_count' | 'terms' | 'date_histogram' | 'min' | 'max' | 'last_value';

export interface Column {
  id: string;
  label: string;
  operation: Operation;
  /** The field the operation reads (none for `count`). */
  field?: string;
  /** terms: how many values, ordered by the column `orderBy` (descending). */
  size?: number;
  orderBy?: string;
}

export interface KibanaPanel {
  id: string;
  title: string;
  kind: 'metric' | 'bar' | 'table';
  /** KQL, within the dashboard's time range. */
  query: string;
  columns: Column[];
  /** Grid: x, y, width, height (48 columns wide). */
  grid: [number, number, number, number];
}

const INCIDENTS =
  'event.module : "thinkst_canary" and event.dataset : ("thinkst_canary.incident" or "thinkst_canary.alert")';
const ATTACKS = `${INCIDENTS} and event.category : "intrusion_detection"`;
const ON_CANARIES = `${ATTACKS} and not rule.category : canarytoken*`;
const BIRDS = 'event.module : "thinkst_canary" and event.dataset : "thinkst_canary.bird"';
// the polled trail only: with push on, thinkst_canary.audit_push holds the same entries again
const AUDIT = 'event.module : "thinkst_canary" and event.dataset : "thinkst_canary.audit"';

const metric = (
  id: string,
  title: string,
  query: string,
  column: Omit<Column, 'id' | 'label'>,
  x: number,
): KibanaPanel => ({
  id,
  title,
  kind: 'metric',
  query,
  columns: [{ id: 'value', label: title, ...column }],
  grid: [x, 0, 8, 6],
});

export const KIBANA_PANELS: KibanaPanel[] = [
  metric(
    'incidents',
    'Incidents',
    INCIDENTS,
    { operation: 'unique_count', field: 'thinkst_canary.normalized.hash_id' },
    0,
  ),
  metric(
    'alerting-incidents',
    'Alerting incidents',
    `${INCIDENTS} and event.kind : "alert"`,
    { operation: 'count' },
    8,
  ),
  metric(
    'attacker-sources',
    'Attacker sources',
    ON_CANARIES,
    { operation: 'unique_count', field: 'source.ip' },
    16,
  ),
  metric(
    'canaries-touched',
    'Canaries attacked',
    ON_CANARIES,
    { operation: 'unique_count', field: 'host.id' },
    24,
  ),
  metric(
    'tokens-triggered',
    'Canarytokens that fired',
    `${ATTACKS} and rule.category : canarytoken*`,
    { operation: 'unique_count', field: 'thinkst_canary.normalized.canarytoken' },
    32,
  ),
  metric(
    'canaries-offline',
    'Canaries offline (in a snapshot)',
    `${BIRDS} and thinkst_canary.normalized.live : false`,
    { operation: 'unique_count', field: 'host.id' },
    40,
  ),
  {
    id: 'incidents-per-day',
    title: 'Incidents per day, by family',
    kind: 'bar',
    query: INCIDENTS,
    columns: [
      { id: 'day', label: 'Day', operation: 'date_histogram', field: '@timestamp' },
      {
        id: 'family',
        label: 'Family',
        operation: 'terms',
        field: 'rule.category',
        size: 6,
        orderBy: 'incidents',
      },
      {
        id: 'incidents',
        label: 'Incidents',
        operation: 'unique_count',
        field: 'thinkst_canary.normalized.hash_id',
      },
    ],
    grid: [0, 6, 48, 12],
  },
  {
    id: 'attacker-sources-table',
    title: 'Attacker sources: the most Canaries first',
    kind: 'table',
    query: ON_CANARIES,
    columns: [
      {
        id: 'source',
        label: 'Source',
        operation: 'terms',
        field: 'source.ip',
        size: 50,
        orderBy: 'canaries',
      },
      { id: 'canaries', label: 'Canaries', operation: 'unique_count', field: 'host.id' },
      {
        id: 'incidents',
        label: 'Incidents',
        operation: 'unique_count',
        field: 'thinkst_canary.normalized.hash_id',
      },
      { id: 'first', label: 'First seen', operation: 'min', field: '@timestamp' },
      { id: 'last', label: 'Last seen', operation: 'max', field: '@timestamp' },
    ],
    grid: [0, 18, 24, 15],
  },
  {
    id: 'canaries-table',
    title: 'Canaries by incidents',
    kind: 'table',
    query: ON_CANARIES,
    columns: [
      {
        id: 'canary',
        label: 'Canary',
        operation: 'terms',
        field: 'host.name',
        size: 25,
        orderBy: 'incidents',
      },
      {
        id: 'incidents',
        label: 'Incidents',
        operation: 'unique_count',
        field: 'thinkst_canary.normalized.hash_id',
      },
      { id: 'sources', label: 'Sources', operation: 'unique_count', field: 'source.ip' },
      { id: 'last', label: 'Last incident', operation: 'max', field: '@timestamp' },
    ],
    grid: [24, 18, 24, 15],
  },
  {
    id: 'tokens-table',
    title: 'Canarytoken triggers',
    kind: 'table',
    query: `${INCIDENTS} and event.kind : "alert" and rule.category : canarytoken*`,
    columns: [
      {
        id: 'memo',
        label: 'Memo',
        operation: 'terms',
        field: 'thinkst_canary.normalized.memo',
        size: 100,
        orderBy: 'last',
      },
      { id: 'kind', label: 'Kind', operation: 'terms', field: 'rule.category', size: 20, orderBy: 'last' },
      { id: 'from', label: 'From', operation: 'terms', field: 'source.ip', size: 20, orderBy: 'last' },
      { id: 'last', label: 'When', operation: 'max', field: '@timestamp' },
    ],
    grid: [0, 33, 24, 15],
  },
  {
    id: 'birds-table',
    title: 'Canary health (latest snapshot)',
    kind: 'table',
    query: BIRDS,
    columns: [
      { id: 'canary', label: 'Canary', operation: 'terms', field: 'host.name', size: 200, orderBy: 'seen' },
      { id: 'live', label: 'Online', operation: 'last_value', field: 'thinkst_canary.normalized.live' },
      {
        id: 'seen',
        label: 'Last seen',
        operation: 'last_value',
        field: 'thinkst_canary.normalized.last_seen',
      },
    ],
    grid: [24, 33, 24, 15],
  },
  {
    id: 'audit-table',
    title: 'Audit activity',
    kind: 'table',
    query: AUDIT,
    columns: [
      {
        id: 'category',
        label: 'Kind',
        operation: 'terms',
        field: 'event.category',
        size: 10,
        orderBy: 'entries',
      },
      {
        id: 'action',
        label: 'Action',
        operation: 'terms',
        field: 'event.action',
        size: 50,
        orderBy: 'entries',
      },
      { id: 'entries', label: 'Entries', operation: 'count' },
      { id: 'users', label: 'Users', operation: 'unique_count', field: 'user.name' },
      { id: 'last', label: 'Last', operation: 'max', field: '@timestamp' },
    ],
    grid: [0, 48, 24, 15],
  },
  {
    id: 'changes-table',
    title: 'Changes to users, API keys and settings',
    kind: 'table',
    query: `${AUDIT} and event.category : ("iam" or "configuration")`,
    columns: [
      { id: 'action', label: 'Action', operation: 'terms', field: 'event.action', size: 50, orderBy: 'last' },
      { id: 'user', label: 'By', operation: 'terms', field: 'user.name', size: 20, orderBy: 'last' },
      { id: 'last', label: 'Last', operation: 'max', field: '@timestamp' },
      { id: 'entries', label: 'Entries', operation: 'count' },
    ],
    grid: [24, 48, 24, 15],
  },
];

/**
 * The types the panels expect of the custom fields they read (`thinkst_canary.*`, outside ECS): what
 * the records carry, as Elasticsearch maps it dynamically (strings as keyword, ISO times as date).
 */
export const CUSTOM_FIELD_TYPES: Record<string, 'keyword' | 'boolean' | 'long' | 'date'> = {
  'thinkst_canary.normalized.hash_id': 'keyword',
  'thinkst_canary.normalized.canarytoken': 'keyword',
  'thinkst_canary.normalized.memo': 'keyword',
  'thinkst_canary.normalized.live': 'boolean',
  'thinkst_canary.normalized.last_seen': 'date',
};

/** Lens's data type of a field of an Elasticsearch type. */
export function lensDataType(type: string): string {
  if (type === 'keyword' || type === 'constant_keyword' || type === 'wildcard' || type === 'text')
    return 'string';
  if (
    type === 'long' ||
    type === 'integer' ||
    type === 'float' ||
    type === 'double' ||
    type === 'scaled_float'
  )
    return 'number';
  return type;
}

/** The fields a panel reads: its columns' fields and every field its KQL names. */
export function panelFields(panel: KibanaPanel): string[] {
  const fromColumns = panel.columns.flatMap((column) => (column.field === undefined ? [] : [column.field]));
  const fromQuery = [...panel.query.matchAll(/([@\w][\w.@]*)\s*:/g)].map((m) => m[1] as string);
  return [...new Set([...fromColumns, ...fromQuery])];
}

// Lens's column definitions by operation, as Kibana 8 saves them.
function lensColumn(column: Column, fieldType: (field: string) => string): Record<string, unknown> {
  const base = { label: column.label, customLabel: true };
  switch (column.operation) {
    case 'count':
      return {
        ...base,
        dataType: 'number',
        operationType: 'count',
        isBucketed: false,
        scale: 'ratio',
        sourceField: '___records___',
      };
    case 'unique_count':
      return {
        ...base,
        dataType: 'number',
        operationType: 'unique_count',
        isBucketed: false,
        scale: 'ratio',
        sourceField: column.field,
      };
    case 'min':
    case 'max':
      return {
        ...base,
        dataType: 'date',
        operationType: column.operation,
        isBucketed: false,
        scale: 'ratio',
        sourceField: column.field,
      };
    case 'last_value':
      return {
        ...base,
        dataType: fieldType(column.field as string),
        operationType: 'last_value',
        isBucketed: false,
        scale: 'ordinal',
        sourceField: column.field,
        params: { sortField: '@timestamp', showArrayValues: false },
      };
    case 'date_histogram':
      return {
        ...base,
        dataType: 'date',
        operationType: 'date_histogram',
        isBucketed: true,
        scale: 'interval',
        sourceField: column.field,
        params: { interval: '1d', includeEmptyRows: true, dropPartials: false },
      };
    case 'terms':
      return {
        ...base,
        dataType: fieldType(column.field as string),
        operationType: 'terms',
        isBucketed: true,
        scale: 'ordinal',
        sourceField: column.field,
        params: {
          size: column.size ?? 10,
          orderBy: { type: 'column', columnId: column.orderBy },
          orderDirection: 'desc',
          otherBucket: false,
          missingBucket: false,
        },
      };
  }
}

function visualization(panel: KibanaPanel): { type: string; state: Record<string, unknown> } {
  const ids = panel.columns.map((column) => column.id);
  if (panel.kind === 'metric') {
    return { type: 'lnsMetric', state: { layerId: 'layer', layerType: 'data', metricAccessor: ids[0] } };
  }
  if (panel.kind === 'bar') {
    const [x, split, y] = ids;
    return {
      type: 'lnsXY',
      state: {
        preferredSeriesType: 'bar_stacked',
        legend: { isVisible: true, position: 'bottom' },
        valueLabels: 'show',
        layers: [
          {
            layerId: 'layer',
            layerType: 'data',
            seriesType: 'bar_stacked',
            xAccessor: x,
            splitAccessor: split,
            accessors: [y],
          },
        ],
      },
    };
  }
  return {
    type: 'lnsDatatable',
    state: { layerId: 'layer', layerType: 'data', columns: ids.map((columnId) => ({ columnId })) },
  };
}

/** The saved objects file: the data view, a Lens visualization per panel, and the dashboard. */
export function kibanaSavedObjects(fieldType: (field: string) => string): string {
  const lens = KIBANA_PANELS.map((panel) => {
    const { type, state } = visualization(panel);
    return {
      type: 'lens',
      id: `thinkst-canary-${panel.id}`,
      attributes: {
        title: `Thinkst Canary: ${panel.title}`,
        description: '',
        visualizationType: type,
        state: {
          datasourceStates: {
            formBased: {
              layers: {
                layer: {
                  columns: Object.fromEntries(
                    panel.columns.map((column) => [column.id, lensColumn(column, fieldType)]),
                  ),
                  columnOrder: panel.columns.map((column) => column.id),
                  incompleteColumns: {},
                },
              },
            },
          },
          visualization: state,
          query: { query: panel.query, language: 'kuery' },
          filters: [],
          adHocDataViews: {},
        },
      },
      references: [{ type: 'index-pattern', id: DATA_VIEW_ID, name: 'indexpattern-datasource-layer-layer' }],
      coreMigrationVersion: '8.8.0',
      typeMigrationVersion: '8.9.0',
    };
  });
  const panels = KIBANA_PANELS.map((panel, i) => ({
    type: 'lens',
    panelIndex: panel.id,
    gridData: { x: panel.grid[0], y: panel.grid[1], w: panel.grid[2], h: panel.grid[3], i: panel.id },
    embeddableConfig: { enhancements: {} },
    panelRefName: `panel_${i}`,
  }));
  const dataView = {
    type: 'index-pattern',
    id: DATA_VIEW_ID,
    attributes: { title: DATA_VIEW_TITLE, name: 'Thinkst Canary (ECS)', timeFieldName: '@timestamp' },
    references: [],
    coreMigrationVersion: '8.8.0',
    typeMigrationVersion: '8.0.0',
  };
  const dashboard = {
    type: 'dashboard',
    id: DASHBOARD_ID,
    attributes: {
      title: 'Thinkst Canary overview',
      description: "What the Canaries saw, as canary-collector's report shows it (ECS output).",
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({
        useMargins: true,
        syncColors: false,
        syncTooltips: false,
        hidePanelTitles: false,
      }),
      timeRestore: true,
      timeFrom: 'now-30d/d',
      timeTo: 'now',
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }),
      },
    },
    references: KIBANA_PANELS.map((panel, i) => ({
      type: 'lens',
      id: `thinkst-canary-${panel.id}`,
      name: `panel_${i}`,
    })),
    coreMigrationVersion: '8.8.0',
    typeMigrationVersion: '8.9.0',
  };
  return `${[dataView, ...lens, dashboard].map((object) => JSON.stringify(object)).join('\n')}\n`;
}
