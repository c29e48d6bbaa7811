/**
 * A record's JSON, computed once: the normalizer has to serialise a record to know whether it must
 * be split, and the sink would otherwise serialise it again. Records are not changed after they are
 * normalized, so the text stays right; a record nobody serialised before is serialised here.
 */
const known = new WeakMap<object, string>();

export function rememberJson(record: object, json: string): void {
  known.set(record, json);
}

export function recordJson(record: object): string {
  return known.get(record) ?? JSON.stringify(record);
}
