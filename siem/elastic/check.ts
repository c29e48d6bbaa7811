import { isIP } from 'node:net';
import type { EcsFields } from './fields.ts';

/** The custom namespace the collector's own fields live under; everything else must be ECS. */
export const CUSTOM_NAMESPACE = 'thinkst_canary';

const INTEGER = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const FLOAT = new Set(['float', 'double', 'half_float', 'scaled_float']);
const TEXT = new Set(['keyword', 'constant_keyword', 'wildcard', 'match_only_text', 'text']);

function leaves(value: unknown, path: string, out: Array<[string, unknown]>): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      leaves(inner, path === '' ? key : `${path}.${key}`, out);
  } else out.push([path, value]);
  return out;
}

function typeProblem(path: string, type: string, value: unknown): string | undefined {
  const bad = (what: string) => `${path}: ${JSON.stringify(value)} is not ${what} (ECS type ${type})`;
  if (TEXT.has(type)) return typeof value === 'string' ? undefined : bad('a string');
  if (INTEGER.has(type)) return Number.isInteger(value) ? undefined : bad('a whole number');
  if (FLOAT.has(type)) return typeof value === 'number' ? undefined : bad('a number');
  if (type === 'boolean') return typeof value === 'boolean' ? undefined : bad('a boolean');
  if (type === 'ip') return typeof value === 'string' && isIP(value) !== 0 ? undefined : bad('an IP address');
  if (type === 'date')
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : bad('a date');
  return `${path}: unexpected ECS type ${type}`;
}

/**
 * The problems of one document against the ECS field definitions: every field outside
 * `thinkst_canary.*` must be an ECS field, of its type (each array element too), an array where ECS
 * normalizes to one, one of the allowed values where ECS lists them, and each `event.type` one that
 * every `event.category` of the document expects. Empty when the document is valid ECS.
 */
export function ecsProblems(doc: Record<string, unknown>, ecs: EcsFields): string[] {
  const problems: string[] = [];
  for (const [path, value] of leaves(doc, '', [])) {
    if (path === CUSTOM_NAMESPACE || path.startsWith(`${CUSTOM_NAMESPACE}.`)) continue;
    const field = ecs.fields[path];
    if (field === undefined) {
      problems.push(`${path}: not an ECS field`);
      continue;
    }
    if (field.array === true && !Array.isArray(value)) problems.push(`${path}: ECS wants an array`);
    for (const item of Array.isArray(value) ? value : [value]) {
      const problem = typeProblem(path, field.type, item);
      if (problem !== undefined) problems.push(problem);
      if (field.allowed !== undefined && !(String(item) in field.allowed))
        problems.push(`${path}: "${String(item)}" is not an allowed value`);
    }
  }
  const event = (doc.event ?? {}) as { category?: string[]; type?: string[] };
  const expected = ecs.fields['event.category']?.allowed ?? {};
  for (const category of event.category ?? [])
    for (const type of event.type ?? [])
      if (!(expected[category] ?? []).includes(type))
        problems.push(`event.type "${type}" is not one event.category "${category}" expects`);
  if (typeof doc['@timestamp'] !== 'string') problems.push('@timestamp: missing');
  return problems;
}

/**
 * The JSON types each custom field takes across documents: a field seen with two types (null aside)
 * would clash in an index's dynamic mapping, and Elasticsearch would reject the later documents.
 */
export function customTypeClashes(docs: Array<Record<string, unknown>>): string[] {
  const types = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const [path, value] of leaves(doc[CUSTOM_NAMESPACE], CUSTOM_NAMESPACE, [])) {
      if (value === null || value === undefined) continue;
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        types.set(path, (types.get(path) ?? new Set()).add(typeof item));
      }
    }
  }
  return [...types]
    .filter(([, set]) => set.size > 1)
    .map(([path, set]) => `${path}: ${[...set].join(' and ')}`);
}
