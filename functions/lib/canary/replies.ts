import { CollectorError } from '../core/errors.ts';

/** Reading what the console sent: the body within a size cap, and what to say of one that is not JSON. */

/**
 * The body as text, refused with CANARY_RESPONSE_TOO_LARGE before more than `limit` bytes are held
 * (a declared length over it is refused before reading); a socket error while reading goes through
 * `transportError`.
 */
export async function readBody(
  response: Response,
  path: string,
  limit: number,
  transportError: (error: unknown) => CollectorError,
): Promise<string> {
  const tooLarge = (size: string) =>
    new CollectorError(
      'CANARY_RESPONSE_TOO_LARGE',
      `${path}: the reply is ${size}, over the ${limit} bytes the collector reads`,
      { status: response.status },
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(`${declared} bytes`);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge('larger');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CollectorError) throw error;
    throw transportError(error);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * What a body that is not JSON looks like, for a message: an HTML page names its title, scrubbed by
 * `scrub` before it is cut (a token cut in two would pass the scrub).
 */
export function notJsonDescription(
  response: Response,
  text: string,
  scrub: (text: string) => string,
): string {
  if (text.trim() === '') return 'empty';
  const html = /html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text);
  if (!html) return `not valid JSON (${text.length} bytes)`;
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
  const named =
    title === undefined || title === '' ? '' : ` titled "${scrub(printable(title)).slice(0, 80)}"`;
  return `an HTML page${named}, not JSON: a proxy, gateway or login page answered instead of the console`;
}

/** A console's `message`, as text: a string as it is, anything else as JSON; absent when it is absent. */
export function messageOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Terminal escape sequences: CSI (ESC [ or C1 CSI, parameters, a final byte), OSC, DCS, SOS, PM and
 * APC strings up to their terminator (BEL, ST or ESC \), and any other ESC with the character it selects.
 */
const ESCAPES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]+/g;

/**
 * Text without C0/C1 control characters, so what a console (or anything else outside) sent cannot
 * reach a terminal or a log as escape sequences: sequences are removed whole, other controls become
 * a space. `newlines` keeps \n, for messages meant to span lines.
 */
export function printable(text: string, options: { newlines?: boolean } = {}): string {
  const cleaned = text.replace(ESCAPES, '');
  return options.newlines === true
    ? cleaned.replace(/\r\n/g, '\n').replace(CONTROLS_BUT_NEWLINE, ' ')
    : cleaned.replace(CONTROLS, ' ');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}
