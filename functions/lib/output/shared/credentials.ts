import { createHmac } from 'node:crypto';
import { TEXT_RULES, treatText as treatRules } from './credentialText.ts';

/**
 * Credential material attackers sent to a Canary. People do type their real password into the wrong
 * box, and challenge-response pairs (MySQL, VNC, NTLM) can be cracked offline, so none of it belongs
 * in a SIEM as sent. `mask` (the default) replaces it; `hash` replaces it with a keyed hash (HMAC-SHA256
 * under a key only this deployment has), so the same value correlates across incidents but cannot be
 * looked up in a table of common passwords; `keep` sends it as the console has it.
 */
export type CredentialMode = 'mask' | 'hash' | 'keep';
export const CREDENTIAL_MODES: readonly CredentialMode[] = ['mask', 'hash', 'keep'];
export const MASK = '********';

export interface CredentialPolicy {
  mode: CredentialMode;
  /** The HMAC key for `hash` mode. */
  hashKey?: string | undefined;
}

/**
 * Names whose value is a secret as a whole, wherever they appear: an event field, a webhook's
 * `AdditionalDetails` entry. Compared without case, spaces, "_" or "-" (`Pwd`, `api-key`, `Auth Token`).
 */
export const FIELD_RULES = [
  {
    names: ['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE'],
    why: 'passwords typed at FTP, HTTP, LDAP, MongoDB, MSSQL, MySQL, SSH, Telnet, TN3270, VNC, WinRM',
  },
  {
    names: ['AUTH', 'AUTH_TOKEN', 'ACCESS_TOKEN', 'API_KEY', 'API_TOKEN', 'SECRET'],
    why: 'keys and tokens an attacker or a token trigger sent as a named value',
  },
  { names: ['CLIENT_HASH', 'SALT'], why: 'MySQL: the scrambled password and its salt crack offline' },
  {
    names: ['SERVER_CHALLENGE', 'CLIENT_RESPONSE'],
    why: 'VNC: the DES challenge-response pair cracks offline',
  },
  { names: ['COMMUNITY_STRING'], why: 'SNMP: the community string is the password' },
] as const;

/** Header names whose value is a secret, in a headers dict, an `AdditionalDetails` entry or a raw line. */
export const SECRET_HEADER_NAMES = [
  'Authorization',
  'Proxy-Authorization',
  'Cookie',
  'Set-Cookie',
  'X-Api-Key',
  'X-Auth-Token',
  'X-Canary-Auth-Token',
] as const;

/** What is treated, and why: the README's "What is masked" table is made from this list (npm run docs:masked). */
export const CREDENTIAL_RULES: ReadonlyArray<{ where: string; why: string }> = [
  ...FIELD_RULES.map((rule) => ({
    where: `event fields and webhook details named ${rule.names.join(', ')}`,
    why: rule.why,
  })),
  {
    where: `headers named ${SECRET_HEADER_NAMES.join(', ')}`,
    why: 'HTTP API, SIP and Canarytoken requests: Basic credentials, NTLM/Negotiate blobs, session cookies',
  },
  {
    where: 'POSTDATA keys naming a password, pwd, secret, token, key or auth',
    why: 'HTTP API requests: form and JSON logins',
  },
  { where: 'ARGS of a Redis AUTH or HELLO command', why: 'Redis: the password is the argument' },
  ...TEXT_RULES.map(({ where, why }) => ({ where, why })),
];

const fieldName = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const SECRET_FIELDS = new Set<string>(FIELD_RULES.flatMap((rule) => rule.names.map(fieldName)));
const SECRET_HEADERS = new Set<string>(SECRET_HEADER_NAMES.map((name) => name.toLowerCase()));
const isSecretHeader = (name: string) => SECRET_HEADERS.has(name.trim().toLowerCase());
const SECRET_POST_KEYS = /pass|pwd|secret|token|(^|[_-])key$|^auth/i;
const REDIS_AUTH = /^(auth|hello)$/i;

/** The function that replaces one secret value, or undefined when values are kept. */
export function credentialTreatment(policy: CredentialPolicy): ((value: string) => string) | undefined {
  if (policy.mode === 'keep') return undefined;
  if (policy.mode === 'mask') return () => MASK;
  const key = policy.hashKey;
  if (key === undefined || key === '') throw new Error('hash mode needs a key');
  return (value) => `hmac-sha256:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
}

/**
 * What a key of an event dictionary asks for: its value is a secret as a whole, a headers or form
 * dict, Redis arguments, or none of these. Keys repeat across every event of a backfill, so the answer
 * is kept per key (a bounded cache: a console could send endless distinct keys).
 */
type KeyRole = 'secret' | 'headers' | 'postdata' | 'args' | 'plain';
const keyRoles = new Map<string, KeyRole>();
const KEY_ROLES_KEPT = 4096;

function keyRole(key: string): KeyRole {
  let role = keyRoles.get(key);
  if (role !== undefined) return role;
  const lower = key.toLowerCase();
  role = SECRET_FIELDS.has(fieldName(key))
    ? 'secret'
    : lower === 'headers'
      ? 'headers'
      : lower === 'postdata'
        ? 'postdata'
        : lower === 'args'
          ? 'args'
          : 'plain';
  if (keyRoles.size >= KEY_ROLES_KEPT) keyRoles.clear();
  keyRoles.set(key, role);
  return role;
}

/**
 * One event dictionary with its credential material treated. The input is untouched: what changes is
 * copied, and a dictionary, list or string with nothing to treat is returned as it is (shared, not
 * copied: records are never changed once made, see core/serialise.ts), so a backfill does not copy
 * every event of every incident to change nothing.
 */
export function treatEvent(event: unknown, treat: (value: string) => string): unknown {
  if (typeof event === 'string') return treatText(event, treat);
  if (event === null || typeof event !== 'object') return event;
  if (Array.isArray(event)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < event.length; i++) {
      const item: unknown = event[i];
      const next = treatEvent(item, treat);
      if (copy === undefined) {
        if (next === item) continue;
        copy = event.slice(0, i);
      }
      copy.push(next);
    }
    return copy ?? event;
  }
  const source = event as Record<string, unknown>;
  const command = source.CMD ?? source.cmd;
  const redisAuth = typeof command === 'string' && REDIS_AUTH.test(command.trim());
  const keys = Object.keys(source);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = source[key];
    const next = treatField(key, value, redisAuth, treat);
    if (out === undefined) {
      // "__proto__" always takes the copying path, as it did when every event was copied
      if (next === value && key !== '__proto__') continue;
      out = {};
      for (let j = 0; j < i; j++) {
        const earlier = keys[j] as string;
        out[earlier] = source[earlier];
      }
    }
    out[key] = next;
  }
  return out ?? source;
}

/** One field of an event dictionary, treated as its key says. */
function treatField(
  key: string,
  value: unknown,
  redisAuth: boolean,
  treat: (value: string) => string,
): unknown {
  // booleans, null and absent values carry no credential: as they are, whatever their key
  if (value === null || (typeof value !== 'string' && typeof value !== 'object' && typeof value !== 'number'))
    return value;
  const role = keyRole(key);
  if (role === 'secret' || (redisAuth && role === 'args')) return treatValue(value, treat);
  // a number under any other key stays as it is (treatEvent leaves numbers alone)
  if (typeof value === 'number') return value;
  if (role === 'headers') return treatPairs(value, isSecretHeader, treat);
  if (role === 'postdata') return treatPairs(value, (name) => SECRET_POST_KEYS.test(name), treat);
  return treatEvent(value, treat);
}

/**
 * A named value of a webhook's `AdditionalDetails` (`["Password", "..."]`, `["Authorization", "..."]`):
 * treated when its name is a secret field or header, else as free text. The console masks typed
 * passwords itself; headers of a triggered Canarytoken arrive as the attacker sent them.
 */
export function treatNamedValue(name: string, value: unknown, treat: (value: string) => string): unknown {
  const lower = fieldName(name);
  if (SECRET_FIELDS.has(lower) || lower.includes('password') || isSecretHeader(name))
    return treatValue(value, treat);
  return treatEvent(value, treat);
}

/** A value that is a secret as a whole: strings are treated, empty strings left empty. */
function treatValue(value: unknown, treat: (value: string) => string): unknown {
  if (typeof value === 'string') return value === '' ? value : treat(value);
  if (typeof value === 'number') return treat(String(value));
  if (Array.isArray(value)) return value.map((item) => treatValue(item, treat));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, treatValue(v, treat)]));
  }
  return value;
}

/** Headers or form data: a dict whose secret keys are treated, or text whose secret lines are. */
function treatPairs(
  value: unknown,
  secretKey: (name: string) => boolean,
  treat: (value: string) => string,
): unknown {
  if (typeof value === 'string') return treatText(value, treat);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return treatEvent(value, treat);
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      secretKey(key) ? treatValue(v, treat) : treatEvent(v, treat),
    ]),
  );
}

/** A value an earlier rule already treated (text rules overlap: a form pair inside a connection string). */
function treated(value: string): boolean {
  return value === MASK || value.startsWith('hmac-sha256:');
}

/** Free text: every rule of credentialText.ts. */
function treatText(text: string, treat: (value: string) => string): string {
  return treatRules(text, treat, treated);
}
