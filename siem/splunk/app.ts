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

/** Runs a saved search's pipeline on events' fields: a search, then `stats`, `where`, `table`, `sort`. */
export function runSearch(search: string, events: Fields[]): Array<Record<string, string>> {
  const [base = '', ...commands] = search.split(/\s*\|\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  let rows: Fields[] = events.filter((e) => matches(base.replace(/^search\s+/, ''), e));
  for (const command of commands) {
    const [name = '', ...rest] = command.trim().split(/\s+/);
    const args = rest.join(' ');
    if (name === 'stats') {
      const [aggs = '', by = ''] = args.split(/\s+BY\s+/i);
      const keys = by.split(/[\s,]+/).filter(Boolean);
      const specs = [...aggs.matchAll(/(count|dc|latest|values)(?:\(([^)]*)\))?(?:\s+AS\s+(\S+))?/gi)].map(
        (m) => ({
          fn: (m[1] as string).toLowerCase(),
          field: m[2] ?? '',
          as: m[3] ?? (m[2] === undefined ? (m[1] as string) : `${m[1]}(${m[2]})`),
        }),
      );
      const groups = new Map<string, Fields[]>();
      for (const row of rows) {
        if (!keys.every((k) => row.has(k))) continue;
        const id = JSON.stringify(keys.map((k) => row.get(k)?.[0]));
        groups.set(id, [...(groups.get(id) ?? []), row]);
      }
      rows = [...groups].map(([id, members]) => {
        const out: Fields = new Map(keys.map((k, i) => [k, [String((JSON.parse(id) as string[])[i])]]));
        for (const spec of specs) {
          const values = members.flatMap((m) => m.get(spec.field) ?? []);
          out.set(
            spec.as,
            spec.fn === 'count'
              ? [String(members.length)]
              : spec.fn === 'dc'
                ? [String(new Set(values).size)]
                : spec.fn === 'latest'
                  ? [String(members[members.length - 1]?.get(spec.field)?.[0] ?? '')]
                  : [...new Set(values)],
          );
        }
        return out;
      });
    } else if (name === 'where') {
      rows = rows.filter((row) => evaluate(args, row) === true);
    } else if (name === 'table') {
      const keep = args.split(/[\s,]+/).filter(Boolean);
      rows = rows.map(
        (row) => new Map(keep.filter((k) => row.has(k)).map((k) => [k, row.get(k) as string[]])),
      );
    } else if (name === 'sort') {
      const key = args.replace(/^[-+]/, '');
      const descending = args.startsWith('-');
      rows = [...rows].sort((a, b) => {
        const x = a.get(key)?.[0] ?? '';
        const y = b.get(key)?.[0] ?? '';
        const order = Number.isNaN(Number(x)) ? x.localeCompare(y) : Number(x) - Number(y);
        return descending ? -order : order;
      });
    } else throw new Error(`search command ${name} is outside the emulated subset`);
  }
  return rows.map((row) => Object.fromEntries([...row].map(([k, v]) => [k, v.join(',')])));
}
