import { type Conf, type Fields, jsonFields } from './conf.ts';
import { evaluate } from './expression.ts';
import { matches } from './search.ts';

/** The app on events: their search-time fields, and the pipelines of its saved searches over them. */

export interface SplunkApp {
  props: Conf;
  eventtypes: Conf;
  tags: Conf;
}

/** An event's search-time fields under `sourcetype`: extraction, aliases, calculated fields, event types, tags. */
export function searchTimeFields(app: SplunkApp, sourcetype: string, event: unknown): Fields {
  const props = app.props.get(sourcetype);
  if (props === undefined) throw new Error(`no props.conf stanza for ${sourcetype}`);
  const fields: Fields = props.get('KV_MODE') === 'json' ? jsonFields(event) : new Map();
  fields.set('sourcetype', [sourcetype]);
  const aliased = new Map(fields);
  for (const [key, value] of props)
    if (key.startsWith('FIELDALIAS-'))
      for (const [, from, to] of value.matchAll(/(\S+)\s+AS\s+(\S+)/g))
        if (fields.has(from as string)) aliased.set(to as string, fields.get(from as string) as string[]);
  // Splunk computes every calculated field from the same input, so one cannot see another's result.
  const calculated = new Map(aliased);
  for (const [key, value] of props) {
    if (!key.startsWith('EVAL-')) continue;
    const result = evaluate(value, aliased);
    const name = key.slice('EVAL-'.length);
    if (result === null || result === undefined) calculated.delete(name);
    else calculated.set(name, Array.isArray(result) ? result : [String(result)]);
  }
  const eventtypes = [...app.eventtypes]
    .filter(([, s]) => matches(s.get('search') ?? '', calculated))
    .map(([n]) => n);
  calculated.set('eventtype', eventtypes);
  const tags = eventtypes.flatMap((name) =>
    [...(app.tags.get(`eventtype=${name}`) ?? new Map())].filter(([, v]) => v === 'enabled').map(([t]) => t),
  );
  calculated.set('tag', [...new Set(tags)]);
  return calculated;
}

/**
 * Runs a search pipeline on events' fields: a search, then `stats`, `where`, `eval`, `table`, `sort`,
 * `head`, `xyseries` (the commands the app's saved searches and dashboard use; any other throws).
 */
export function runSearch(search: string, events: Fields[]): Array<Record<string, string>> {
  const [base = '', ...commands] = search.split(/\s*\|\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  let rows: Fields[] = events.filter((e) => matches(base.replace(/^search\s+/, ''), e));
  for (const command of commands) {
    const [name = '', ...rest] = command.trim().split(/\s+/);
    const args = rest.join(' ');
    if (name === 'stats') rows = stats(args, rows);
    else if (name === 'where') rows = rows.filter((row) => evaluate(args, row) === true);
    else if (name === 'eval') rows = rows.map((row) => evalCommand(args, row));
    else if (name === 'table') {
      const keep = args.split(/[\s,]+/).filter(Boolean);
      rows = rows.map(
        (row) => new Map(keep.filter((k) => row.has(k)).map((k) => [k, row.get(k) as string[]])),
      );
    } else if (name === 'sort') rows = sortRows(args, rows);
    else if (name === 'head') rows = rows.slice(0, args === '' ? 10 : Number(args));
    else if (name === 'xyseries') rows = xyseries(args, rows);
    else throw new Error(`search command ${name} is outside the emulated subset`);
  }
  return rows.map((row) => Object.fromEntries([...row].map(([k, v]) => [k, v.join(',')])));
}

/** Splunk compares two values as numbers when both are, else as text (by code point). */
function compare(x: string, y: string): number {
  const nx = Number(x);
  const ny = Number(y);
  if (x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `stats <fn>(field) [AS name] … [BY keys]`: count, dc, latest (the last event's value: events come
 * in time order here), values (distinct, sorted), min and max (as numbers when all are, else as
 * text). Rows come out sorted by their keys, as Splunk's do; an event without every key is left out.
 */
function stats(args: string, rows: Fields[]): Fields[] {
  const [aggs = '', by = ''] = args.split(/\s+BY\s+/i);
  const keys = by.split(/[\s,]+/).filter(Boolean);
  const specs = [
    ...aggs.matchAll(/(count|dc|latest|values|min|max)(?:\(([^)]*)\))?(?:\s+AS\s+(\S+))?/gi),
  ].map((m) => ({
    fn: (m[1] as string).toLowerCase(),
    field: m[2] ?? '',
    as: m[3] ?? (m[2] === undefined ? (m[1] as string) : `${m[1]}(${m[2]})`),
  }));
  const groups = new Map<string, { key: string[]; members: Fields[] }>();
  for (const row of rows) {
    if (!keys.every((k) => row.has(k))) continue;
    const key = keys.map((k) => row.get(k)?.[0] ?? '');
    const id = JSON.stringify(key);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { key, members: [row] });
    else group.members.push(row);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compare(a.key[i] ?? '', b.key[i] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  });
  return ordered.map(({ key, members }) => {
    const out: Fields = new Map(keys.map((k, i) => [k, [key[i] ?? '']]));
    for (const spec of specs) {
      const values = members.flatMap((m) => m.get(spec.field) ?? []);
      const value =
        spec.fn === 'count'
          ? [String(members.length)]
          : spec.fn === 'dc'
            ? [String(new Set(values).size)]
            : spec.fn === 'latest'
              ? [String(members[members.length - 1]?.get(spec.field)?.[0] ?? '')]
              : spec.fn === 'values'
                ? [...new Set(values)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
                : extreme(values, spec.fn === 'min' ? -1 : 1);
      if (value.length > 0) out.set(spec.as, value);
    }
    return out;
  });
}

function extreme(values: string[], sign: number): string[] {
  if (values.length === 0) return [];
  const numeric = values.every((v) => v !== '' && !Number.isNaN(Number(v)));
  const sorted = [...values].sort((x, y) => (numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0));
  return [String(sign < 0 ? sorted[0] : sorted[sorted.length - 1])];
}

/** `eval name=expression`: one field set on every row (a null result removes it, as in Splunk). */
function evalCommand(args: string, row: Fields): Fields {
  const assignment = /^([A-Za-z_][\w.]*)\s*=(?!=)\s*(.+)$/.exec(args.trim());
  if (assignment === null)
    throw new Error(`eval ${args} is outside the emulated subset (one name=expression)`);
  const [, name, expression] = assignment as unknown as [string, string, string];
  const result = evaluate(expression, row);
  const out = new Map(row);
  if (result === null || result === undefined) out.delete(name);
  else out.set(name, Array.isArray(result) ? result : [String(result)]);
  return out;
}

/** `sort [-|+]key …`: by each key in turn, descending with `-`, numbers as numbers. */
function sortRows(args: string, rows: Fields[]): Fields[] {
  const keys = args
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((key) => ({ name: key.replace(/^[-+]/, ''), descending: key.startsWith('-') }));
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const order = compare(a.get(key.name)?.[0] ?? '', b.get(key.name)?.[0] ?? '');
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

/** `xyseries x y value`: one row per x, a column per y (named by its value) holding the value. */
function xyseries(args: string, rows: Fields[]): Fields[] {
  const [x = '', y = '', value = ''] = args.split(/[\s,]+/).filter(Boolean);
  if (value === '') throw new Error(`xyseries ${args}: give x, y and the value field`);
  const out = new Map<string, Fields>();
  for (const row of rows) {
    const at = row.get(x)?.[0];
    const column = row.get(y)?.[0];
    const cell = row.get(value);
    if (at === undefined || column === undefined || cell === undefined) continue;
    if (!out.has(at)) out.set(at, new Map([[x, [at]]]));
    out.get(at)?.set(column, cell);
  }
  return [...out.values()];
}
