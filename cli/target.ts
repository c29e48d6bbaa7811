import { isLoopback } from '#lib/canary/endpoint.ts';
import type { AdviceContext } from '#lib/core/advice.ts';
import { CliError, UsageError } from './args.ts';

/** Problems in the CANARY_* variables are CliErrors with exit code 2, like usage errors. */

/** What a local run collects from: the built-in simulator, or a real console named by CANARY_* variables. */
export type Target =
  | { kind: 'simulator'; name: string }
  | {
      kind: 'console';
      name: string;
      credentials: { authToken: string; domainHash?: string; baseUrl?: string };
      /** How it is addressed: advice names CANARY_DOMAIN or CANARY_BASE_URL accordingly. */
      address: 'domain' | 'url' | 'loopback';
    };

export const SIMULATOR_CONSOLE = 'simulator';
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const DOMAIN_HASH = /^[a-z0-9][a-z0-9-]{0,62}$/i;

/**
 * The console from the environment. Unset CANARY_* variables mean the simulator; any of them set
 * means a real console, and then the set must be complete and unambiguous, or it is refused with
 * the variables to set: a half-set environment never silently falls back to the simulator.
 */
export function targetFromEnv(env: Record<string, string | undefined>, consoleName?: string): Target {
  const token = env.CANARY_AUTH_TOKEN;
  const domain = env.CANARY_DOMAIN;
  const baseUrl = env.CANARY_BASE_URL;
  if (token === undefined && domain === undefined && baseUrl === undefined) {
    return { kind: 'simulator', name: checkedName(consoleName ?? SIMULATOR_CONSOLE) };
  }
  const set = (value: string | undefined) => value !== undefined && value.trim() !== '';
  if (set(domain) && set(baseUrl)) {
    throw new CliError(
      'CANARY_DOMAIN and CANARY_BASE_URL are both set: keep CANARY_DOMAIN=<hash> for https://<hash>.canary.tools, or CANARY_BASE_URL for any other address',
      2,
    );
  }
  if (!set(domain) && !set(baseUrl)) {
    throw new CliError(
      `${token === undefined ? 'a CANARY_* variable is set but empty' : 'CANARY_AUTH_TOKEN is set'}: also set CANARY_DOMAIN (the domain hash, e.g. ab12cd34) or CANARY_BASE_URL — or unset every CANARY_* variable to use the simulator`,
      2,
    );
  }
  const named = set(domain) ? 'CANARY_DOMAIN' : 'CANARY_BASE_URL';
  if (!set(token)) {
    throw new CliError(
      `${named} is set but CANARY_AUTH_TOKEN is ${token === undefined ? 'not' : 'empty'}: set it to the console's API key (Global Settings → API) — or unset ${named} to use the simulator`,
      2,
    );
  }
  const authToken = (token as string).trim();
  if (set(domain)) {
    const hash = domainHash((domain as string).trim());
    return {
      kind: 'console',
      name: checkedName(consoleName ?? hash),
      credentials: { authToken, domainHash: hash },
      address: 'domain',
    };
  }
  const url = parseUrl((baseUrl as string).trim());
  return {
    kind: 'console',
    name: checkedName(
      consoleName ?? `${url.hostname}${url.port === '' ? '' : `-${url.port}`}`.replace(/[[\]:]/g, ''),
    ),
    credentials: { authToken, baseUrl: url.href.replace(/\/+$/, '') },
    address: isLoopback(url.hostname.toLowerCase()) ? 'loopback' : 'url',
  };
}

/** The advice context for failures of this target. */
export function adviceContext(target: Target): AdviceContext {
  return { where: 'local', target: target.kind === 'simulator' ? 'loopback' : target.address };
}

function domainHash(value: string): string {
  if (value.includes('@'))
    throw new CliError(
      'CANARY_DOMAIN is the domain hash only (e.g. ab12cd34), without a user name or password: give the API key in CANARY_AUTH_TOKEN',
      2,
    );
  const host = /^[a-z]+:\/\/([^/:]+)/i.exec(value)?.[1] ?? value;
  const hash = host.toLowerCase().replace(/\.canary\.tools$/, '');
  if (host !== value || hash !== host.toLowerCase()) {
    throw new CliError(
      `CANARY_DOMAIN is the domain hash only, not "${value}": set CANARY_DOMAIN=${DOMAIN_HASH.test(hash) ? hash : '<hash>'}${/^[a-z]+:\/\//i.test(value) && !host.endsWith('.canary.tools') ? ', or CANARY_BASE_URL for an address outside canary.tools' : ''}`,
      2,
    );
  }
  if (!DOMAIN_HASH.test(hash)) {
    throw new CliError(
      `CANARY_DOMAIN "${value}" is not a domain hash: the part before .canary.tools, e.g. ab12cd34`,
      2,
    );
  }
  return hash;
}

/**
 * The URL in CANARY_BASE_URL. Refusals never quote it: a user:pass@ part, a query or a fragment may
 * carry a credential, and the line may end up in a shared log or a bug report.
 */
function parseUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // refused below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new CliError('CANARY_BASE_URL is not an http(s) URL, e.g. https://canary.example.com', 2);
  if (url.username !== '' || url.password !== '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value))
    throw new CliError(
      'CANARY_BASE_URL must not carry a user name or password (user:pass@): give the console’s address only, and its API key in CANARY_AUTH_TOKEN',
      2,
    );
  if (url.search !== '' || url.hash !== '')
    throw new CliError(
      'CANARY_BASE_URL must not carry a query or a fragment: give the console’s address only, and its API key in CANARY_AUTH_TOKEN',
      2,
    );
  return url;
}

function checkedName(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(
      `console name "${name}": 1-64 letters, digits, "_", "." or "-" (give --console <name>)`,
    );
  }
  return name;
}
