import { createHmac } from 'node:crypto';

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

/** What is treated, and why: the README's list is this one. */
export const CREDENTIAL_RULES = [
  {
    where: 'event fields PASSWORD / password / PASSWD / PASS',
    why: 'passwords typed at FTP, HTTP, LDAP, MongoDB, MSSQL, MySQL, SSH, Telnet, TN3270, VNC, WinRM',
  },
  { where: 'CLIENT_HASH and SALT', why: 'MySQL: the scrambled password and its salt crack offline' },
  {
    where: 'SERVER_CHALLENGE and CLIENT_RESPONSE',
    why: 'VNC: the DES challenge-response pair cracks offline',
  },
  { where: 'COMMUNITY_STRING', why: 'SNMP: the community string is the password' },
  {
    where: 'headers named Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key, X-Auth-Token',
    why: 'HTTP API, SIP and Canarytoken requests: Basic credentials, NTLM/Negotiate blobs, session cookies',
  },
  {
    where: 'POSTDATA keys naming a password, secret, token or key',
    why: 'HTTP API requests: form and JSON logins',
  },
  { where: 'ARGS of a Redis AUTH or HELLO command', why: 'Redis: the password is the argument' },
  {
    where: 'inside any event text: NTLMSSP messages, "Authorization: <scheme> <credentials>" lines',
    why: 'WinRM payloads and raw headers carry NTLM challenge-responses (crackable offline)',
  },
] as const;

const SECRET_FIELDS = new Set([
  'password',
  'passwd',
  'pass',
  'client_hash',
  'salt',
  'server_challenge',
  'client_response',
  'community_string',
]);
const SECRET_HEADERS = /^(proxy-)?authorization$|^(set-)?cookie$|^x-(api-key|auth-token|canary-auth-token)$/i;
const SECRET_POST_KEYS = /pass|pwd|secret|token|(^|[_-])key$|^auth/i;
const REDIS_AUTH = /^(auth|hello)$/i;
/** An NTLMSSP message, base64 (`TlRMTVNTUA` is "NTLMSSP\0") or hex. */
const NTLM_BLOB = /TlRMTVNTUA[A-Za-z0-9+/=]*|4e544c4d53535000[0-9a-f]*/gi;
const AUTH_LINE = /((?:proxy-)?authorization\s*[:=]\s*"?(?:[A-Za-z-]+\s+)?)([^\s"',;<]+)/gi;
const POST_PAIR = /((?:^|[?&\s])[\w.-]*(?:pass|pwd|secret|token)[\w.-]*=)([^&\s]*)/gi;

/** The function that replaces one secret value, or undefined when values are kept. */
export function credentialTreatment(policy: CredentialPolicy): ((value: string) => string) | undefined {
  if (policy.mode === 'keep') return undefined;
  if (policy.mode === 'mask') return () => MASK;
  const key = policy.hashKey;
  if (key === undefined || key === '') throw new Error('hash mode needs a key');
  return (value) => `hmac-sha256:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
}

/** One event dictionary with its credential material treated (a copy; the input is untouched). */
export function treatEvent(event: unknown, treat: (value: string) => string): unknown {
  if (typeof event === 'string') return treatText(event, treat);
  if (Array.isArray(event)) return event.map((item) => treatEvent(item, treat));
  if (event === null || typeof event !== 'object') return event;
  const source = event as Record<string, unknown>;
  const command = source.CMD ?? source.cmd;
  const redisAuth = typeof command === 'string' && REDIS_AUTH.test(command.trim());
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const lower = key.toLowerCase();
    if (SECRET_FIELDS.has(lower) || (redisAuth && lower === 'args')) out[key] = treatValue(value, treat);
    else if (lower === 'headers') out[key] = treatPairs(value, SECRET_HEADERS, treat);
    else if (lower === 'postdata') out[key] = treatPairs(value, SECRET_POST_KEYS, treat);
    else out[key] = treatEvent(value, treat);
  }
  return out;
}

/**
 * A named value of a webhook's `AdditionalDetails` (`["Password", "..."]`, `["Authorization", "..."]`):
 * treated when its name is a secret field or header, else as free text. The console masks typed
 * passwords itself; headers of a triggered Canarytoken arrive as the attacker sent them.
 */
export function treatNamedValue(name: string, value: unknown, treat: (value: string) => string): unknown {
  const lower = name.toLowerCase().replace(/[\s_-]+/g, '');
  if (SECRET_FIELDS.has(lower) || lower.includes('password') || SECRET_HEADERS.test(name.trim()))
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
function treatPairs(value: unknown, secretKey: RegExp, treat: (value: string) => string): unknown {
  if (typeof value === 'string') return treatText(value, treat);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return treatEvent(value, treat);
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      secretKey.test(key) ? treatValue(v, treat) : treatEvent(v, treat),
    ]),
  );
}

/** Any of the text rules could apply: one cheap test, as most event strings are plain values. */
const MAY_HOLD_SECRET = /TlRMTVNTUA|4e544c4d53535000|authorization|pass|pwd|secret|token/i;

/** Free text: NTLMSSP blobs, Authorization header values and password=... pairs inside it. */
function treatText(text: string, treat: (value: string) => string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return text
    .replace(NTLM_BLOB, (blob) => treat(blob))
    .replace(AUTH_LINE, (_all, head: string, secret: string) =>
      secret === MASK || secret.startsWith('hmac-sha256:') ? `${head}${secret}` : `${head}${treat(secret)}`,
    )
    .replace(POST_PAIR, (_all, head: string, secret: string) =>
      secret === '' ? head : `${head}${treat(secret)}`,
    );
}
