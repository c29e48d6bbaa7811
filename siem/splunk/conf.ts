/** Splunk's `.conf` files (the app's knowledge objects) and its JSON field extraction (what they run on). */

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
