import { createHmac } from 'node:crypto';
import { CollectorError } from '../core/errors.ts';
import type { Credentials } from '../model/credentials.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Loopback hosts: the only ones plain http may reach (the local simulator). */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The API base URL for a console. Only https://<hash>.canary.tools and hosts the operator listed are
 * reachable; plain http only on loopback (the local simulator). Anything else is refused before a
 * request carries the token anywhere.
 */
export function resolveBaseUrl(
  credentials: Pick<Credentials, 'domainHash' | 'baseUrl'>,
  allowedHosts: readonly string[] = [],
): string {
  if (credentials.domainHash !== undefined) {
    return `https://${credentials.domainHash.toLowerCase()}.canary.tools/api/v1`;
  }
  let url: URL;
  try {
    url = new URL(credentials.baseUrl ?? '');
  } catch {
    throw new CollectorError('HOST_NOT_ALLOWED', 'baseUrl is not a valid URL');
  }
  const host = url.hostname.toLowerCase();
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new CollectorError('HOST_NOT_ALLOWED', 'baseUrl must not carry credentials, a query or a fragment');
  }
  if (url.protocol === 'http:') {
    if (!isLoopback(host)) {
      throw new CollectorError(
        'HOST_NOT_ALLOWED',
        `plain http is allowed for loopback hosts only, not ${host}`,
      );
    }
  } else if (url.protocol === 'https:') {
    const allowed = host.endsWith('.canary.tools') || allowedHosts.map((h) => h.toLowerCase()).includes(host);
    if (!allowed) {
      throw new CollectorError(
        'HOST_NOT_ALLOWED',
        `${host} is neither a *.canary.tools console nor listed in the console's allowedHosts`,
      );
    }
  } else {
    throw new CollectorError('HOST_NOT_ALLOWED', `baseUrl must use https (got ${url.protocol})`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith('/api/v1') ? path : `${path}/api/v1`}`;
}

/**
 * The key that `OUTPUT_CREDENTIALS=hash` hashes attackers' credentials under: the secret's own `hashKey`,
 * or one derived from the auth token (only this deployment has it, so hashes cannot be looked up;
 * set `hashKey` to keep them stable across token rotations).
 */
export function credentialHashKey(credentials: Pick<Credentials, 'authToken' | 'hashKey'>): string {
  return (
    credentials.hashKey ??
    createHmac('sha256', credentials.authToken).update('canary-collector credential hash key').digest('hex')
  );
}
