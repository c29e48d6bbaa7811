import { existsSync, readFileSync } from 'node:fs';
import { CollectorError } from '../functions/lib/core/errors.ts';

/**
 * Reads a JSON config file; a syntax error is reported as `file:line:column: what`. JSON.parse gives
 * a position only for some errors on Node 20, so on failure a small strict scanner finds where the
 * text stops being JSON.
 */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) throw new CollectorError('CONFIG_INVALID', `${path} does not exist`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    const at = firstSyntaxError(text);
    const { line, column } = lineAndColumn(text, at);
    const what = at >= text.length ? 'the file ends too early' : `unexpected ${JSON.stringify(text[at])}`;
    throw new CollectorError('CONFIG_INVALID', `${path}:${line}:${column}: not valid JSON: ${what}`);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The offset of the first character that makes `text` invalid JSON (text.length if it ends early). */
export function firstSyntaxError(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    if (text.slice(i, i + word.length) !== word) fail();
    i += word.length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if ((text.charCodeAt(i) ?? 0) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-f]/i.test(text[i] ?? '')) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (match === null || match[0] === '' || match[0] === '-') fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i] ?? '';
    if (ch === '{') members('}', member);
    else if (ch === '[') members(']', value);
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch >= '0' && ch <= '9')) number();
    else fail();
  };
  const member = () => {
    space();
    if (text[i] !== '"') fail();
    string();
    space();
    if (text[i] !== ':') fail();
    i++;
    value();
  };
  const members = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') fail();
      i++;
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return Math.min(at, text.length);
  }
}
