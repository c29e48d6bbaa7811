/**
 * The console's auth token in every shape it can take in text that leaves the collector: as it is,
 * in any case (a proxy or a console message may change it), base64 (a Basic header, a memo someone
 * encoded it in), base64url and URL-encoded (a query string, a form). Finding it is a substring search
 * per exact shape and one caseless expression; scrubbing, one expression over every shape.
 */
export interface TokenScrubber {
  /** Whether `text` holds the token in any of its shapes. */
  finds(text: string): boolean;
  /** `text` with every shape of the token replaced by `replacement`. */
  scrub(text: string, replacement?: string): string;
}

/** What is scrubbed, for the README's "What is masked" table. */
export const TOKEN_SCRUB_RULE = {
  where:
    'the console’s own auth token, in any case, base64 (at any offset), base64url or URL-encoded: in every record a collector delivers, in every format, and in every error message (not in pushed records: the receiver holds no console token)',
  why: 'a memo, an event or a console message may quote it; it reads (or changes) the whole console',
} as const;

/** Shorter base64 pieces than this could match unrelated text; the whole token is always matched. */
const MIN_PIECE = 8;
/** Records are scrubbed of tokens at least this long: a real key is 32 characters, a shorter one a test's. */
export const MIN_SCRUBBED_TOKEN = 8;

/**
 * The token's base64 at each of the three byte offsets it can start at inside a longer value
 * (base64 of "user:<token>" encodes the token shifted by five bytes), cut to the characters that
 * depend on the token alone.
 */
function base64Pieces(token: string): string[] {
  const bytes = Buffer.from(token, 'utf8');
  const pieces: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = [0, 2, 3][offset] as number;
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const piece = encoded.slice(start, end);
    if (piece.length >= MIN_PIECE) pieces.push(piece);
  }
  return pieces;
}

/**
 * Every shape, raw and as it reads inside JSON text (a record's serialised form): `text` shapes (the
 * token and its URL encoding) match in any case, `exact` ones (base64 of the token as it is, lower-
 * and upper-cased) as they are, since base64 is case-sensitive.
 */
export function tokenShapes(token: string): { text: string[]; exact: string[] } {
  if (token === '') return { text: [], exact: [] };
  const text = new Set<string>([token, encodeURIComponent(token)]);
  const exact = new Set<string>();
  for (const variant of new Set([token, token.toLowerCase(), token.toUpperCase()])) {
    for (const piece of base64Pieces(variant)) {
      exact.add(piece);
      exact.add(encodeURIComponent(piece));
      exact.add(piece.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  const withJson = (shapes: Set<string>) => {
    for (const shape of [...shapes]) shapes.add(JSON.stringify(shape).slice(1, -1));
    return [...shapes];
  };
  return { text: withJson(text), exact: withJson(exact) };
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A literal that matches in any case, as character classes: much faster than the `i` flag over many shapes. */
const caseless = (text: string) =>
  [...text]
    .map((char) => {
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      return lower === upper || lower.length > 1 || upper.length > 1 ? literal(char) : `[${lower}${upper}]`;
    })
    .join('');

export function tokenScrubber(token: string): TokenScrubber {
  const { text, exact } = tokenShapes(token);
  if (text.length === 0) return { finds: () => false, scrub: (value) => value };
  // longest first, so a shape that contains another is replaced whole
  const source = [
    ...text.map((shape) => [shape, caseless(shape)]),
    ...exact.map((shape) => [shape, literal(shape)]),
  ]
    .sort(([a], [b]) => (b as string).length - (a as string).length)
    .map(([, pattern]) => pattern)
    .join('|');
  const all = new RegExp(source, 'g');
  // Finding is the hot path (every record's text is searched; few hold the token): the exact shapes
  // by indexOf, which V8 runs as a fast substring search, and only the few caseless ones by a regular
  // expression (one alternation over every shape did not skip ahead, and cost a third more).
  const caselessTest = new RegExp(text.map(literal).join('|'), 'i');
  return {
    finds: (value) => {
      for (const shape of exact) if (value.includes(shape)) return true;
      return caselessTest.test(value);
    },
    scrub: (value, replacement = '***') => value.replace(all, replacement),
  };
}
