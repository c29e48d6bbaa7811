/**
 * A record's JSON, computed once: the normalizer has to serialise a record to know whether it must
 * be split, and the sink would otherwise serialise it again. Records are not changed after they are
 * normalized, so the text stays right; a record nobody serialised before is serialised here.
 *
 * The text is kept on the record under a symbol, as a non-enumerable property: JSON.stringify, spread
 * and Object.assign never see it (a copy of a record, a split part, does not inherit its text), and it
 * costs a third of a WeakMap entry (a flattened backfill sets one per event).
 *
 * The text is line-safe: JSON.stringify leaves U+2028, U+2029 and U+0085 as they are, and line-based
 * readers (JavaScript's and Python's splitlines, some log shippers) end a line at them, which would cut
 * one NDJSON record in two. They are written as `\u2028` etc., still the same JSON value.
 */
const TEXT = Symbol('canary-collector.json');

const LINE_BREAKS_ALL = /[\u0085\u2028\u2029]/g;

/**
 * `json` with the Unicode line and paragraph separators and NEL escaped. The test for them is three
 * indexOf calls, not a character-class regex: V8 scans for one character with memchr, and answers at
 * once for U+2028/U+2029 on a one-byte string; the regex walked every character of every record
 * (a tenth of the collector's CPU in a backfill).
 */
export function lineSafe(json: string): string {
  if (json.indexOf('\u0085') === -1 && json.indexOf('\u2028') === -1 && json.indexOf('\u2029') === -1)
    return json;
  return json.replace(LINE_BREAKS_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify, line-safe. */
export function lineSafeJson(value: unknown): string {
  return lineSafe(JSON.stringify(value));
}

/** Keeps `json` (JSON.stringify of `record`) as the record's text, made line-safe. */
export function rememberJson(record: object, json: string): void {
  Object.defineProperty(record, TEXT, { value: lineSafe(json), configurable: true });
}

export function recordJson(record: object): string {
  return (record as { [TEXT]?: string })[TEXT] ?? lineSafeJson(record);
}

/** recordJson, keeping the text on a record that had none (the token scrub's search: the sink sends that text). */
export function keptJson(record: object): string {
  const kept = (record as { [TEXT]?: string })[TEXT];
  if (kept !== undefined) return kept;
  const json = lineSafeJson(record);
  Object.defineProperty(record, TEXT, { value: json, configurable: true });
  return json;
}
