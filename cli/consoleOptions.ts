import { readFileSync } from 'node:fs';
import type { RegistryEntry } from '#lib/aws/registry.ts';
import { SOURCE_NAMES } from '#lib/core/ports.ts';
import { CliError, UsageError } from './args.ts';

/** What `console add` and `console token` read from their options and stdin. */

/** The console's address for its secret: --domain <hash> or --base-url <url>, exactly one. */
export function consoleAddress(
  text: (key: string) => string | undefined,
): { domainHash: string } | { baseUrl: string } {
  const domain = text('domain');
  const baseUrl = text('base-url');
  if (domain !== undefined && baseUrl === undefined) return { domainHash: domain };
  // the secret would hold it and every run refuse it; the refusal does not quote it (it holds a password)
  if (baseUrl !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(baseUrl.trim()))
    throw new UsageError(
      '--base-url must not carry a user name or password (user:pass@): give the address only',
    );
  if (baseUrl !== undefined && domain === undefined) return { baseUrl };
  throw new UsageError(
    'give the console as --domain <hash> (…canary.tools) or --base-url <https://…>, one of them',
  );
}

export function parseSources(text: string | undefined): RegistryEntry['sources'] {
  if (text === undefined) return {};
  const wanted = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((s) => !(SOURCE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new UsageError(`unknown source ${unknown.join(', ')}: any of ${SOURCE_NAMES.join(', ')}`);
  return Object.fromEntries(
    SOURCE_NAMES.filter((s) => !wanted.includes(s)).map((s) => [s, { enabled: false }]),
  );
}

export function describeSources(entry: RegistryEntry): string {
  const off = SOURCE_NAMES.filter((s) => entry.sources[s]?.enabled === false);
  return off.length === 0 ? 'all' : SOURCE_NAMES.filter((s) => !off.includes(s)).join(',');
}

/** The token from --token-file, or piped on stdin; never from the terminal's command line. */
export function readToken(file: string | undefined): string {
  if (file === undefined && process.stdin.isTTY === true)
    throw new UsageError(
      'pipe the auth token on stdin (… | canary-collector console add …) or give --token-file <path>',
    );
  let token: string;
  try {
    token = readFileSync(file ?? 0, 'utf8').trim();
  } catch {
    throw new CliError(`could not read the auth token from ${file ?? 'stdin'}`);
  }
  if (token.length < 8 || /\s/.test(token))
    throw new CliError(`no auth token in ${file ?? 'stdin'} (one line, no spaces)`);
  return token;
}
