/** The EVAL functions the app uses, as Splunk defines them; any other name is outside the emulated subset. */

export type Value = string | number | boolean | null | string[];

/** A value as one string, as Splunk reads a multivalue field where it wants one value: its first. */
export const first = (v: Value): string | null =>
  Array.isArray(v) ? (v[0] ?? null) : v === null ? null : typeof v === 'string' ? v : String(v);
/** A condition holds only when it is the boolean true: a string or a number is not coerced. */
export const truthy = (v: Value) => v === true;

export const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
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
  // 1-based; without a length, to the end (Splunk's negative start is outside the emulated subset)
  substr: ([s, start, length]) => {
    const text = first(s ?? null);
    if (text === null) return null;
    const begin = Number(start) - 1;
    if (!Number.isInteger(begin) || begin < 0)
      throw new Error('substr: a start below 1 is outside the emulated subset');
    return length === undefined || length === null
      ? text.slice(begin)
      : text.slice(begin, begin + Math.max(0, Number(length)));
  },
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
