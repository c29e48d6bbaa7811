import type { Fields } from './conf.ts';

/** The search language of event types and saved searches: terms, wildcards, NOT, OR, parentheses. */

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
