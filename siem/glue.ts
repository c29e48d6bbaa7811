/**
 * Glue (Hive) column types: parsed, checked against JSON records, and spelled for DuckDB. A record
 * fits a table the way Firehose's record format conversion needs when every field is a column (or a
 * member of a struct column) and every value is of its column's type; one that does not fit would be
 * diverted to the stream's error prefix instead of reaching Security Lake.
 */

export type GlueType =
  | { kind: 'scalar'; name: string }
  | { kind: 'array'; of: GlueType }
  | { kind: 'map'; key: GlueType; value: GlueType }
  | { kind: 'struct'; fields: Map<string, GlueType> };

/** Parses a Hive/Glue type string: `struct<a:int,b:array<string>>`, `map<string,string>`, `bigint`. */
export function parseGlueType(text: string): GlueType {
  let at = 0;
  const word = () => {
    const match = /^[A-Za-z0-9_]+/.exec(text.slice(at));
    if (match === null) throw new Error(`bad Glue type at ${at}: ${text.slice(at, at + 40)}`);
    at += match[0].length;
    return match[0];
  };
  const expect = (char: string) => {
    if (text[at] !== char) throw new Error(`bad Glue type: expected "${char}" at ${at}`);
    at++;
  };
  const type = (): GlueType => {
    const name = word().toLowerCase();
    if (name === 'array') {
      expect('<');
      const of = type();
      expect('>');
      return { kind: 'array', of };
    }
    if (name === 'map') {
      expect('<');
      const key = type();
      expect(',');
      const value = type();
      expect('>');
      return { kind: 'map', key, value };
    }
    if (name === 'struct') {
      expect('<');
      const fields = new Map<string, GlueType>();
      while (text[at] !== '>') {
        const field = word();
        expect(':');
        fields.set(field, type());
        if (text[at] === ',') at++;
      }
      expect('>');
      return { kind: 'struct', fields };
    }
    return { kind: 'scalar', name };
  };
  const parsed = type();
  if (at !== text.length) throw new Error(`bad Glue type: trailing text at ${at}`);
  return parsed;
}

const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [-(2 ** 7), 2 ** 7 - 1],
  smallint: [-(2 ** 15), 2 ** 15 - 1],
  int: [-(2 ** 31), 2 ** 31 - 1],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** The problems of `value` against `type` at `path`; empty when it fits. */
export function misfits(value: unknown, type: GlueType, path: string): string[] {
  if (value === null || value === undefined) return [];
  switch (type.kind) {
    case 'scalar': {
      const range = INT_RANGE[type.name];
      if (range !== undefined)
        return Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1]
          ? []
          : [`${path}: ${JSON.stringify(value)} is not a ${type.name}`];
      if (type.name === 'double' || type.name === 'float')
        return typeof value === 'number' ? [] : [`${path}: ${JSON.stringify(value)} is not a number`];
      if (type.name === 'boolean')
        return typeof value === 'boolean' ? [] : [`${path}: ${JSON.stringify(value)} is not a boolean`];
      if (type.name === 'string')
        return typeof value === 'string' ? [] : [`${path}: a ${typeof value} where a string is expected`];
      return [`${path}: unsupported column type ${type.name}`];
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: not an array`];
      return value.flatMap((item, index) => misfits(item, type.of, `${path}[${index}]`));
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object (map)`];
      return Object.entries(value).flatMap(([key, item]) => [
        ...misfits(key, type.key, `${path} key`),
        ...misfits(item, type.value, `${path}.${key}`),
      ]);
    case 'struct':
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
      return Object.entries(value).flatMap(([key, item]) => {
        const field = type.fields.get(key);
        return field === undefined
          ? [`${path}.${key}: not in the schema`]
          : misfits(item, field, `${path}.${key}`);
      });
  }
}

/** A table's columns as one struct, to check records against with `misfits(record, table, '')`. */
export function tableType(columns: Array<{ name: string; type: string }>): GlueType {
  return {
    kind: 'struct',
    fields: new Map(columns.map((column) => [column.name, parseGlueType(column.type)])),
  };
}

/** The DuckDB spelling of a Glue type, so a view over NDJSON reads exactly the Glue table's columns. */
export function duckdbType(type: GlueType): string {
  switch (type.kind) {
    case 'scalar':
      return (
        { string: 'VARCHAR', boolean: 'BOOLEAN', int: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE' }[
          type.name
        ] ?? 'VARCHAR'
      );
    case 'array':
      return `${duckdbType(type.of)}[]`;
    case 'map':
      return `MAP(${duckdbType(type.key)}, ${duckdbType(type.value)})`;
    case 'struct':
      return `STRUCT(${[...type.fields].map(([name, field]) => `"${name}" ${duckdbType(field)}`).join(', ')})`;
  }
}
