/**
 * Enough of Splunk's search-time processing to run the app's own knowledge objects on real records,
 * in the tests and in `npm run splunk`: `.conf` parsing, JSON field extraction (`KV_MODE = json`, as
 * spath names fields: `a.b`, arrays as `a{}`), `FIELDALIAS-*`, `EVAL-*` (the functions the app uses),
 * event types and their tags, and the search language of its event types and saved searches (terms,
 * NOT, OR, parentheses, wildcards; `stats count|dc(x) [AS y] BY …`, `where`, `table`). It is not
 * Splunk: an expression outside this subset throws, so a test fails rather than passes by accident.
 */

export type Conf = Map<string, Map<string, string>>;
export type Fields = Map<string, string[]>;

export function parseConf(text: string): Conf {
  const conf: Conf = new Map();
  let stanza: Map<string, string> | undefined;
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header !== null) {
      stanza = new Map();
      conf.set(header[1] as string, stanza);
      continue;
    }
    const at = line.indexOf('=');
    if (at < 0 || stanza === undefined) throw new Error(`not a .conf line: ${line}`);
    stanza.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return conf;
}

/** JSON fields as Splunk's JSON extraction names them; every value a string, arrays multivalue. */
export function jsonFields(value: unknown, path = '', out: Fields = new Map()): Fields {
  if (Array.isArray(value)) {
    for (const item of value) jsonFields(item, `${path}{}`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value))
      jsonFields(inner, path === '' ? key : `${path}.${key}`, out);
  } else if (value !== null && value !== undefined) {
    out.set(path, [...(out.get(path) ?? []), String(value)]);
  }
  return out;
}

// ---- expressions (EVAL and where) ----------------------------------------------------------------

type Value = string | number | boolean | null | string[];
type Token = { kind: 'str' | 'num' | 'field' | 'op' | 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        s += text[j];
        j++;
      }
      tokens.push({ kind: 'str', text: s });
      i = j + 1;
    } else if (c === "'") {
      const j = text.indexOf("'", i + 1);
      tokens.push({ kind: 'field', text: text.slice(i + 1, j) });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.{}]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      const m = /^(==|!=|>=|<=|[=<>().,+\-*/])/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected "${c}" in ${text}`);
      tokens.push({ kind: 'op', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

const first = (v: Value): string | null =>
  Array.isArray(v) ? (v[0] ?? null) : v === null ? null : typeof v === 'string' ? v : String(v);
const truthy = (v: Value) => v === true;

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  if: ([c, a, b]) => (truthy(c ?? null) ? (a ?? null) : (b ?? null)),
  case: (args) => {
    for (let k = 0; k + 1 < args.length; k += 2) if (truthy(args[k] ?? null)) return args[k + 1] ?? null;
    return null;
  },
  coalesce: (args) => args.find((a) => a !== null && first(a) !== null && first(a) !== '') ?? null,
  match: ([s, re]) => {
    const text = first(s ?? null);
    const pattern = String(first(re ?? null));
    const flags = pattern.startsWith('(?i)') ? 'i' : '';
    return text !== null && new RegExp(pattern.replace(/^\(\?i\)/, ''), flags).test(text);
  },
  like: ([s, p]) => {
    const text = first(s ?? null);
    const pattern = String(first(p ?? null));
    const re = `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')
      .replace(/_/g, '.')}$`;
    return text !== null && new RegExp(re).test(text);
  },
  lower: ([s]) => first(s ?? null)?.toLowerCase() ?? null,
  mvindex: ([v, n]) =>
    n === null || n === undefined
      ? null
      : Array.isArray(v)
        ? (v[Number(n)] ?? null)
        : Number(n) === 0
          ? (v ?? null)
          : null,
  // the index of the first value matching the regex, or null
  mvfind: ([v, re]) => {
    const pattern = String(first(re ?? null));
    const regex = new RegExp(pattern.replace(/^\(\?i\)/, ''), pattern.startsWith('(?i)') ? 'i' : '');
    const values = Array.isArray(v) ? v : v === null || v === undefined ? [] : [String(v)];
    const at = values.findIndex((value) => regex.test(value));
    return at < 0 ? null : at;
  },
  isnotnull: ([v]) => v !== null && v !== undefined,
  isnull: ([v]) => v === null || v === undefined,
  tostring: ([v]) => first(v ?? null),
  true: () => true,
  null: () => null,
};

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: Fields,
  ) {}

  parse(): Value {
    const value = this.or();
    if (this.at !== this.tokens.length)
      throw new Error(
        `unparsed: ${this.tokens
          .slice(this.at)
          .map((t) => t.text)
          .join(' ')}`,
      );
    return value;
  }
  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
  private take(text?: string): Token {
    const token = this.tokens[this.at++];
    if (token === undefined || (text !== undefined && token.text !== text))
      throw new Error(`expected ${text ?? 'more'} in expression`);
    return token;
  }
  private or(): Value {
    let left = this.and();
    while (this.peek()?.text === 'OR') {
      this.take();
      const right = this.and();
      left = truthy(left) || truthy(right);
    }
    return left;
  }
  private and(): Value {
    let left = this.not();
    while (this.peek()?.text === 'AND') {
      this.take();
      const right = this.not();
      left = truthy(left) && truthy(right);
    }
    return left;
  }
  private not(): Value {
    if (this.peek()?.text === 'NOT') {
      this.take();
      return !truthy(this.not());
    }
    return this.compare();
  }
  private compare(): Value {
    const left = this.concat();
    const op = this.peek()?.text;
    if (op === '==' || op === '=' || op === '!=' || op === '>=' || op === '<=' || op === '>' || op === '<') {
      this.take();
      const right = this.concat();
      const a = first(left);
      const b = first(right);
      if (op === '==' || op === '=') return a === b;
      if (op === '!=') return a !== b;
      const x = Number(a);
      const y = Number(b);
      return op === '>=' ? x >= y : op === '<=' ? x <= y : op === '>' ? x > y : x < y;
    }
    return left;
  }
  private concat(): Value {
    let left = this.primary();
    while (this.peek()?.text === '.' || this.peek()?.text === '+') {
      const op = this.take().text;
      const right = this.primary();
      const [a, b] = [first(left), first(right)];
      // Splunk's +: a sum of two numbers, else the strings joined; null when either side is null
      if (a === null || b === null) left = null;
      else if (
        op === '+' &&
        a.trim() !== '' &&
        b.trim() !== '' &&
        Number.isFinite(Number(a)) &&
        Number.isFinite(Number(b))
      )
        left = Number(a) + Number(b);
      else left = `${a}${b}`;
    }
    return left;
  }
  private primary(): Value {
    const token = this.take();
    if (token.kind === 'str') return token.text;
    if (token.kind === 'num') return Number(token.text);
    if (token.kind === 'field') return this.field(token.text);
    if (token.text === '(') {
      const value = this.or();
      this.take(')');
      return value;
    }
    if (token.kind === 'word' && this.peek()?.text === '(') {
      const fn = FUNCTIONS[token.text];
      if (fn === undefined) throw new Error(`eval function ${token.text} is outside the emulated subset`);
      this.take('(');
      const args: Value[] = [];
      while (this.peek()?.text !== ')') {
        args.push(this.or());
        if (this.peek()?.text === ',') this.take(',');
      }
      this.take(')');
      return fn(args);
    }
    if (token.kind === 'word') return this.field(token.text);
    throw new Error(`unexpected ${token.text} in expression`);
  }
  private field(name: string): Value {
    const values = this.fields.get(name);
    if (values === undefined || values.length === 0) return null;
    return values.length === 1 ? (values[0] as string) : values;
  }
}

export function evaluate(expression: string, fields: Fields): Value {
  return new Parser(tokenize(expression), fields).parse();
}

// ---- the search language of event types and saved searches --------------------------------------

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

function searchTokens(text: string): string[] {
  return text.match(/"[^"]*"|\(|\)|[^\s()]+(?:="[^"]*")?/g) ?? [];
}

/** Whether an event's fields match a search (terms `f=v`, `f!=v`, `f>=n`, NOT, OR, parentheses). */
export function matches(search: string, fields: Fields): boolean {
  const tokens = searchTokens(search);
  let at = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === 'OR') {
      at++;
      const right = and();
      value = value || right;
    }
    return value;
  };
  const and = (): boolean => {
    let value = true;
    while (at < tokens.length && tokens[at] !== ')' && tokens[at] !== 'OR') value = unary() && value;
    return value;
  };
  const unary = (): boolean => {
    const token = tokens[at++] as string;
    if (token === 'NOT') return !unary();
    if (token === '(') {
      const value = or();
      at++;
      return value;
    }
    const term = /^([A-Za-z_][\w.{}:]*)(!=|>=|<=|=|>|<)(.*)$/.exec(token);
    if (term === null) throw new Error(`search term ${token} is outside the emulated subset`);
    const [, name, op, rawValue] = term as unknown as [string, string, string, string];
    const value = rawValue.replace(/^"|"$/g, '');
    const values = fields.get(name) ?? [];
    if (op === '=') return values.some((v) => wildcard(value).test(v));
    if (op === '!=') return values.length > 0 && !values.some((v) => wildcard(value).test(v));
    const n = Number(value);
    return values.some((v) =>
      op === '>='
        ? Number(v) >= n
        : op === '<='
          ? Number(v) <= n
          : op === '>'
            ? Number(v) > n
            : Number(v) < n,
    );
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`unparsed search: ${tokens.slice(at).join(' ')}`);
  return result;
}

// ---- the app on an event -------------------------------------------------------------------------

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
