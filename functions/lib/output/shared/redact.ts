/**
 * Removes credentials from Canarytoken inventory before it leaves. Two rules, so that fields the code
 * has never seen are caught too:
 * - by name: any key that names a credential (secret, password, private, auth, key, token, cert,
 *   render, factory, session, cookie, bearer, kubeconfig...), at any depth;
 * - by value: any string that looks like one (PEM blocks, AWS access keys and secret keys, Slack and
 *   bearer tokens, JWTs, `PrivateKey =` / `password=` lines inside config text).
 * The token's own identity (canarytoken, kind, memo, hostname, url...) stays.
 */
export const REDACTED = '[REDACTED]';

const SECRET_NAME =
  /secret|pass(word|phrase|wd|code)|pwd|private|credential|auth|cookie|session|bearer|render|factory|signature|cert|pem$|kubeconfig|conf$|(^|[_-])(api[_-]?)?key($|[_-])|access[_-]?key|client[_-]?key|(^|[_-])token$/i;

const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)/,
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/,
  /^[A-Za-z0-9/+=]{40}$/,
  /\bxox[abpors]-[A-Za-z0-9-]+/,
  /^eyJ[\w-]+\.[\w-]+\.[\w-]*/,
  /(private[_ ]?key|password|passwd|secret|client-key-data)\s*[=:]/i,
];

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isSecretValue(value: string): boolean {
  return SECRET_VALUE.some((pattern) => pattern.test(value));
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
