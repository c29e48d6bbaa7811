import { writeFileSync } from 'node:fs';
import { OCSF_VERSION } from '#lib/output/ocsf/base.ts';
import {
  type GlueColumn,
  OCSF_CLASS_TABLES,
  OCSF_GLUE_FILE,
  type OcsfGlueSchemas,
} from '#siem/securitylake/schemas.ts';
import { gitRepository } from './gitRepo.ts';

/**
 * Generates `siem/securitylake/ocsf-glue.json`, the Glue columns of each OCSF class the collector
 * emits, from the OCSF schema repository itself (https://github.com/ocsf/ocsf-schema, at the tag of the
 * release the records declare, OCSF_VERSION):
 *
 *   git clone https://github.com/ocsf/ocsf-schema /tmp/ocsf-schema
 *   npm run gen:ocsf -- /tmp/ocsf-schema
 *
 * A class's attributes are its own, its parents' (`extends`) and every `$include`d file's (profiles
 * included: a superset, so any profile's attributes fit). Types come from the dictionary; objects
 * become structs, expanded to MAX_DEPTH levels with cycles cut (OCSF objects refer to each other);
 * generic objects (`object`) become map<string,string>, as Security Lake's own tables have them.
 */

const MAX_DEPTH = 3;

type Json = Record<string, unknown>;
interface AttributeDef {
  type?: string;
  is_array?: boolean;
}

const git = gitRepository('npm run gen:ocsf -- <path to a clone of ocsf/ocsf-schema>');
const read = (tag: string, path: string): Json => JSON.parse(git('show', `${tag}:${path}`)) as Json;
const files = (tag: string, dir: string) =>
  git('ls-tree', '-r', '--name-only', tag, dir)
    .split('\n')
    .filter((f) => f.endsWith('.json'));

/** One OCSF release, read from its tag. */
class Release {
  private readonly dictAttributes: Record<string, AttributeDef>;
  private readonly types: Record<string, { type?: string }>;
  private readonly categories: Record<string, { uid: number }>;
  private readonly objects: Map<string, Json>;
  readonly events: Map<string, Json>;

  constructor(readonly tag: string) {
    const dictionary = read(tag, 'dictionary.json');
    this.dictAttributes = dictionary.attributes as Record<string, AttributeDef>;
    this.types = (dictionary.types as Json).attributes as Record<string, { type?: string }>;
    this.categories = (read(tag, 'categories.json').attributes ?? {}) as Record<string, { uid: number }>;
    this.objects = this.indexByName(files(tag, 'objects'));
    this.events = this.indexByName(files(tag, 'events'));
  }

  classUid(name: string): number {
    const event = this.events.get(name);
    if (event === undefined) throw new Error(`OCSF ${this.tag} has no class ${name}`);
    // A class names its category itself or inherits it (authentication extends iam).
    let category = event.category as string | undefined;
    for (let parent = event; category === undefined && parent.extends !== undefined; ) {
      parent = this.events.get(parent.extends as string) ?? {};
      category = parent.category as string | undefined;
    }
    return (this.categories[category ?? '']?.uid ?? 0) * 1000 + (event.uid as number);
  }

  columns(className: string): GlueColumn[] {
    return Object.entries(this.resolved(this.events, className))
      .map(([attribute, local]) => ({ name: attribute, type: this.glueType(attribute, local, []) }))
      .filter((column): column is GlueColumn => column.type !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private indexByName(paths: string[]): Map<string, Json> {
    return new Map(
      paths.map((path) => read(this.tag, path)).map((definition) => [definition.name as string, definition]),
    );
  }

  /** Attributes of a definition with its `$include`s merged (its own entries win, as OCSF merges them). */
  private ownAttributes(definition: Json): Record<string, Json> {
    const attributes = { ...(definition.attributes as Record<string, Json>) };
    const includes = (attributes.$include as unknown as string[] | undefined) ?? [];
    delete attributes.$include;
    let merged: Record<string, Json> = {};
    for (const include of includes) merged = { ...merged, ...this.ownAttributes(read(this.tag, include)) };
    return { ...merged, ...attributes };
  }

  private resolved(index: Map<string, Json>, name: string): Record<string, Json> {
    const definition = index.get(name);
    if (definition === undefined) throw new Error(`OCSF ${this.tag}: ${name} not found`);
    const parent = definition.extends as string | undefined;
    const inherited = parent === undefined || !index.has(parent) ? {} : this.resolved(index, parent);
    return { ...inherited, ...this.ownAttributes(definition) };
  }

  private scalar(type: string): string | undefined {
    let t: string | undefined = type;
    while (t !== undefined) {
      if (t === 'string_t' || t === 'json_t') return 'string';
      if (t === 'integer_t') return 'int';
      if (t === 'long_t') return 'bigint';
      if (t === 'float_t') return 'double';
      if (t === 'boolean_t') return 'boolean';
      t = this.types[t]?.type;
    }
    return undefined;
  }

  /** The Glue type of one attribute, or undefined where the depth limit or a cycle cuts it. */
  private glueType(name: string, local: Json, path: string[]): string | undefined {
    const def = this.dictAttributes[name];
    const type = (local.type as string | undefined) ?? def?.type;
    if (type === undefined) throw new Error(`OCSF ${this.tag}: attribute ${name} has no type`);
    let inner: string | undefined;
    if (type === 'object') inner = 'map<string,string>';
    else if (this.objects.has(type)) inner = this.objectType(type, path);
    else inner = this.scalar(type);
    if (inner === undefined) return undefined;
    return def?.is_array === true ? `array<${inner}>` : inner;
  }

  private objectType(name: string, path: string[]): string | undefined {
    if (path.includes(name) || path.length >= MAX_DEPTH) return undefined;
    const fields = Object.entries(this.resolved(this.objects, name))
      .map(([attribute, local]) => [attribute, this.glueType(attribute, local, [...path, name])] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    if (fields.length === 0) return undefined;
    return `struct<${fields.map(([attribute, type]) => `${attribute}:${type}`).join(',')}>`;
  }
}

const release = new Release(OCSF_VERSION);
const output: OcsfGlueSchemas = {
  repository: 'https://github.com/ocsf/ocsf-schema',
  version: OCSF_VERSION,
  commit: git('rev-parse', `${OCSF_VERSION}^{commit}`).trim(),
  regenerate: 'npm run gen:ocsf -- <path to a clone of ocsf/ocsf-schema>',
  maxDepth: MAX_DEPTH,
  classes: {},
};
for (const { classUid, name } of OCSF_CLASS_TABLES) {
  const uid = release.classUid(name);
  if (uid !== classUid)
    throw new Error(`OCSF class ${name} is ${uid} in ${OCSF_VERSION}, expected ${classUid}`);
  output.classes[String(classUid)] = { name, columns: release.columns(name) };
}
writeFileSync(OCSF_GLUE_FILE, `${JSON.stringify(output, null, 1)}\n`);
const sizes = Object.entries(output.classes).map(
  ([uid, c]) =>
    `${uid} ${c.name} (OCSF ${OCSF_VERSION}): ${c.columns.length} columns, ${JSON.stringify(c.columns).length} bytes`,
);
process.stdout.write(`${OCSF_GLUE_FILE} written\n${sizes.join('\n')}\n`);
