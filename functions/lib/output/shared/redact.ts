/**
 * Removes credentials from Canarytoken inventory before it leaves. Two rules, so that fields the code
 * has never seen are caught too:
 * - by name: any key that names a credential (secret, password, private, auth, key, token, cert,
 *   render, factory, session, cookie, bearer, kubeconfig...), at any depth;
 * - by value: any string that looks like one (SECRET_VALUE_RULES: PEM blocks, AWS keys, Slack and
 *   GitHub tokens, JWTs, URLs with a password, cookie lines, `PrivateKey =` / `Pwd=` lines).
 * The token's own identity (canarytoken, kind, memo, hostname, url...) stays.
 */
export const REDACTED = '[REDACTED]';

/** What SECRET_NAME catches, in words, for the README's table. */
export const SECRET_NAME_WORDS =
  'secret, password, passphrase, passwd, passcode, pwd, private, credential, auth, cookie, session, bearer, render, factory, signature, cert, pem, kubeconfig, conf, key, api_key, apikey, access_key, client_key, token';

const SECRET_NAME =
  /secret|pass(word|phrase|wd|code)|pwd|private|credential|auth|cookie|session|bearer|render|factory|signature|cert|pem$|kubeconfig|conf$|(^|[_-])(api[_-]?)?key($|[_-])|apikey|access[_-]?key|client[_-]?key|(^|[_-])token$/i;

/** What a value that is a credential looks like; the README's "What is masked" table lists these. */
export const SECRET_VALUE_RULES: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: 'PEM private keys and certificates', pattern: /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)/ },
  { what: 'AWS access key ids', pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { what: 'AWS secret access keys (40 base64 characters)', pattern: /^[A-Za-z0-9/+=]{40}$/ },
  { what: 'Slack tokens', pattern: /\bxox[abpors]-[A-Za-z0-9-]+/ },
  { what: 'JWTs', pattern: /^eyJ[\w-]+\.[\w-]+\.[\w-]*/ },
  { what: 'GitHub tokens', pattern: /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/ },
  {
    what: 'URLs with a password (scheme://user:password@host)',
    pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s/?#:@]*:[^\s/?#@]+@/i,
  },
  { what: '"Cookie:" and "Set-Cookie:" lines', pattern: /(^|[^\w-])(set-)?cookie[ \t]*:/i },
  {
    what: '"PrivateKey =", "password=", "Pwd=", "secret:" lines in config text and connection strings',
    pattern: /(private[_ ]?key|password|passwd|pwd|secret|client-key-data)\s*[=:]/i,
  },
];

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isSecretValue(value: string): boolean {
  return SECRET_VALUE_RULES.some((rule) => rule.pattern.test(value));
}

/** A deep copy of `value` with every secret replaced by "[REDACTED]", and the paths that were. */
export function redactSecrets(value: unknown): { value: unknown; redacted: string[] } {
  const redacted: string[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      if (isSecretValue(node)) {
        redacted.push(path);
        return REDACTED;
      }
      return node;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (isSecretName(key) && child !== null && child !== '' && typeof child !== 'boolean') {
          redacted.push(childPath);
          out[key] = REDACTED;
        } else {
          out[key] = walk(child, childPath);
        }
      }
      return out;
    }
    return node;
  };
  return { value: walk(value, ''), redacted };
}
