import { describe, expect, it } from 'vitest';
import { TOKEN_KINDS, TokenStore } from '#fakes/simulator/tokens.ts';
import { tokenRecords } from '#lib/output/native/token.ts';
import { REDACTED, redactSecrets } from '#lib/output/shared/redact.ts';

/** Every string under a field the simulator fills with a credential, to look for in the output. */
function secretValues(token: Record<string, unknown>): string[] {
  const names =
    /secret|password|private|factory_auth|renders|access_key_id|azure_id_cert|wg_conf|kubeconfig|slack_api_key|^key$/;
  const values: string[] = [];
  const collect = (node: unknown): void => {
    if (typeof node === 'string') values.push(node);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(collect);
  };
  for (const [name, value] of Object.entries(token)) if (names.test(name)) collect(value);
  return values;
}

describe('redactSecrets', () => {
  it('strips the secrets of every token kind the simulator serves, and keeps the token identity', () => {
    const store = new TokenStore(5, TOKEN_KINDS.length * 2);
    const tokens = store.list();
    expect(new Set(tokens.map((t) => t.kind))).toEqual(new Set(TOKEN_KINDS));
    const records = tokenRecords(
      'c',
      tokens.map((token) => ({ token, snapshotAt: 0 })),
      't',
    );
    records.forEach((record, index) => {
      const raw = tokens[index] as Record<string, unknown>;
      const text = JSON.stringify(record);
      const secrets = secretValues(raw);
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(record.canary).toMatchObject({
        canarytoken: raw.canarytoken,
        kind: raw.kind,
        memo: raw.memo,
        hostname: raw.hostname,
      });
      expect(record.redacted_fields).toEqual(expect.arrayContaining(['factory_auth', 'renders']));
    });
  });

  it('catches fields it has never seen, by name and by value, at any depth', () => {
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    const { value, redacted } = redactSecrets({
      vendor_client_secret: 's3cr3t',
      deploy_passphrase: 'hunter2',
      github_token: 'ghp_abc',
      oauth_refresh: 'r1',
      notes: pem,
      nested: { list: [{ harmless: 'AKIAABCDEFGHIJKLMNOP' }, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] },
      config_text: 'host=db\npassword = swordfish',
      jwt_like: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      memo: 'on the finance share',
      enabled: true,
      triggered_count: 2,
    });
    const text = JSON.stringify(value);
    for (const secret of [
      's3cr3t',
      'hunter2',
      'ghp_abc',
      'r1',
      'OPENSSH',
      'AKIAABCDEFGHIJKLMNOP',
      'wJalrXUtnFEMI',
      'swordfish',
      'eyJhbGci',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(value).toMatchObject({
      memo: 'on the finance share',
      enabled: true,
      triggered_count: 2,
      deploy_passphrase: REDACTED,
    });
    expect(redacted).toEqual(
      expect.arrayContaining([
        'vendor_client_secret',
        'deploy_passphrase',
        'github_token',
        'oauth_refresh',
        'notes',
        'nested.list[0].harmless',
        'nested.list[1]',
        'config_text',
        'jwt_like',
      ]),
    );
  });

  it('catches Pwd, auth and apikey fields, and GitHub tokens, URL passwords, cookies and connection strings in any field', () => {
    const { value, redacted } = redactSecrets({
      Pwd: 'pwd-value-1',
      auth: 'auth-value-2',
      ApiKey: 'apikey-value-3',
      memo: 'deploy key on the build server',
      notes: `ci uses ghp_${'Q7'.repeat(18)}`,
      mirror: 'https://deploy:repo-pass-4@git.example.com/acme.git',
      header_dump: 'Accept: */*\nCookie: sid=cookie-value-5',
      connection: 'Server=db01;User Id=sa;Pwd=conn-pass-6;',
      url: 'https://d6acad33f1e80420dc946942b.canarytokens.com/about',
    });
    const text = JSON.stringify(value);
    for (const secret of [
      'pwd-value-1',
      'auth-value-2',
      'apikey-value-3',
      'Q7Q7Q7',
      'repo-pass-4',
      'cookie-value-5',
      'conn-pass-6',
    ])
      expect(text).not.toContain(secret);
    expect(redacted.sort()).toEqual([
      'ApiKey',
      'Pwd',
      'auth',
      'connection',
      'header_dump',
      'mirror',
      'notes',
    ]);
    // the token's identity stays
    expect(value).toMatchObject({
      memo: 'deploy key on the build server',
      url: 'https://d6acad33f1e80420dc946942b.canarytokens.com/about',
    });
  });
});
