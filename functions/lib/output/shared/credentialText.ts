/**
 * Credential material inside free text (a raw request, a WinRM payload, a memo, a connection string):
 * each rule finds a `head` it keeps and a `secret` it treats. The README's "What is masked" table
 * lists these rules from this array (scripts/maskedDocs.ts), so a rule added here is documented.
 */
export interface TextRule {
  where: string;
  why: string;
  /** Two groups: what stays (may be empty), then the secret. Global. */
  pattern: RegExp;
  /** A cheap sign that the rule may apply; the rules run only on text where one of them does. */
  hint: string;
}

export const TEXT_RULES: readonly TextRule[] = [
  {
    where: 'inside any event text: NTLMSSP messages',
    why: 'WinRM payloads and raw headers carry NTLM challenge-responses (crackable offline)',
    // base64 (`TlRMTVNTUA` is "NTLMSSP\0") or hex
    pattern: /()(TlRMTVNTUA[A-Za-z0-9+/=]*|4e544c4d53535000[0-9a-f]*)/gi,
    hint: 'TlRMTVNTUA|4e544c4d53535000',
  },
  {
    where: 'inside any event text: "Authorization: <scheme> <credentials>" lines',
    why: 'raw headers: Basic credentials, bearer tokens, NTLM/Negotiate blobs',
    pattern: /((?:proxy-)?authorization\s*[:=]\s*"?(?:[A-Za-z-]+\s+)?)([^\s"',;<]+)/gi,
    hint: 'authorization',
  },
  {
    where: 'inside any event text: "Cookie:" and "Set-Cookie:" lines',
    why: 'raw headers: a session cookie logs in as its owner',
    pattern: /((?:^|[^\w-])(?:set-)?cookie[ \t]*:[ \t]*)([^\r\n]+)/gi,
    hint: 'cookie',
  },
  {
    where: 'inside any event text: the password of a URL (scheme://user:password@host)',
    why: 'database, proxy and repository URLs carry their password in the address',
    pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#:@"'<>]*:)([^\s/?#"'<>]+)(?=@)/gi,
    hint: ':\\/\\/[^\\s/]*@',
  },
  {
    where: 'inside any event text: Pwd= and Password= of a connection string (Server=…;User Id=…;Pwd=…;)',
    why: 'MSSQL, ODBC and ADO.NET connection strings: the value runs to the next ";"',
    pattern: /((?:^|;)[ \t]*(?:pwd|password)[ \t]*=[ \t]*)([^;\r\n&]*)/gi,
    hint: 'pwd|password',
  },
  {
    where: 'inside any event text: name=value pairs whose name holds pass, pwd, secret or token',
    why: 'form posts and query strings: logins and API keys',
    pattern: /((?:^|[?&;\s])[\w.-]*(?:pass|pwd|secret|token)[\w.-]*=)([^&;\s]*)/gi,
    hint: 'pass|pwd|secret|token',
  },
  {
    where: 'inside any event text: GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    why: 'a GitHub token is a login to its owner’s repositories',
    pattern: /()(\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))/g,
    hint: 'gh[pousr]_|github_pat_',
  },
];

/** Any of the rules could apply: one cheap test, as most event strings are plain values. */
const MAY_HOLD_SECRET = new RegExp(TEXT_RULES.map((rule) => rule.hint).join('|'), 'i');

/** Free text with every rule's secrets treated; a secret already treated by an earlier rule stays. */
export function treatText(
  text: string,
  treat: (value: string) => string,
  treated: (value: string) => boolean,
): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const rule of TEXT_RULES) {
    out = out.replace(rule.pattern, (_all, head: string, secret: string) =>
      secret === '' || treated(secret) ? `${head}${secret}` : `${head}${treat(secret)}`,
    );
  }
  return out;
}
