import { existsSync, readFileSync } from 'node:fs';
import { CollectorError } from '#lib/core/errors.ts';
import { issueLines } from '#lib/model/issues.ts';
import { type Deployment, DeploymentSchema } from './schema.ts';

/**
 * A deployment config from where `cdk synth` is told to look (a file, cdk.json context, collector.json,
 * or the demo), parsed into a Deployment or refused with one message listing every problem.
 */

/** The file `cdk deploy` reads when no other config is named. */
export const DEFAULT_CONFIG_FILE = 'collector.json';
export const DEMO_STACK = 'CanaryCollectorDemo';

/** `input` as a Deployment, or one CONFIG_INVALID error with a line per problem (`from` names where it came from). */
export function parseDeployment(input: unknown, from?: string): Deployment {
  const parsed = DeploymentSchema.safeParse(input);
  if (!parsed.success) {
    const problems = issueLines(parsed.error)
      .map((line) => `  ${line}`)
      .join('\n');
    throw new CollectorError(
      'CONFIG_INVALID',
      `invalid canary-collector deployment config${from === undefined ? '' : ` (${from})`}:\n${problems}`,
    );
  }
  return parsed.data;
}

export interface ChosenDeployment {
  readonly config: Deployment;
  /** Where it came from, for messages. */
  readonly from: string;
  /** The one-console demo: deployed under its own stack name, so it can never replace a real one. */
  readonly demo: boolean;
}

/**
 * The deployment config, named explicitly: `-c canary-collector:file=<path>`, a `canary-collector`
 * object in cdk.json context, or `collector.json` in the working folder. Without any of them the
 * synth is refused, unless `-c canary-collector:demo=true` asks for the one-console demo (under its
 * own stack name): a forgotten flag must never replace a production configuration.
 */
export function deploymentFromContext(
  tryGetContext: (key: string) => unknown,
  fileExists: (path: string) => boolean = existsSync,
): ChosenDeployment {
  const file = tryGetContext('canary-collector:file');
  const inline = tryGetContext('canary-collector');
  const demo = tryGetContext('canary-collector:demo');
  if (typeof file === 'string' && inline !== undefined) {
    throw new CollectorError(
      'CONFIG_INVALID',
      'both canary-collector:file and a canary-collector context object are given: keep one',
    );
  }
  if (typeof file === 'string')
    return { config: parseDeployment(readJsonFile(file), file), from: file, demo: false };
  if (inline !== undefined)
    return { config: parseDeployment(inline, 'cdk.json context'), from: 'cdk.json context', demo: false };
  if (fileExists(DEFAULT_CONFIG_FILE)) {
    return {
      config: parseDeployment(readJsonFile(DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE),
      from: DEFAULT_CONFIG_FILE,
      demo: false,
    };
  }
  if (demo === true || demo === 'true') {
    return { config: parseDeployment({ consoles: [{ name: 'demo' }] }, 'demo'), from: 'demo', demo: true };
  }
  throw new CollectorError(
    'CONFIG_INVALID',
    `no deployment config: copy collector.example.json to ${DEFAULT_CONFIG_FILE} and edit it, or give -c canary-collector:file=<path>; -c canary-collector:demo=true deploys a one-console demo as the separate stack ${DEMO_STACK}`,
  );
}

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
