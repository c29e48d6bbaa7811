import { TOKEN_KINDS as INVENTORY_KINDS, initialTokenKind, type TokenKind, tokenAt } from './inventory.ts';
import { Rng, streamSeed } from './random.ts';

export type { TokenKind } from './inventory.ts';
export const TOKEN_KINDS: readonly TokenKind[] = INVENTORY_KINDS;

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';

function kindSecrets(kind: TokenKind, r: Rng): Record<string, unknown> {
  switch (kind) {
    case 'aws-id':
      return {
        access_key_id: `AKIA${r.hex(16).toUpperCase()}`,
        secret_access_key: `${r.hex(20)}/${r.hex(19).toUpperCase()}`,
        username: `canarytoken-${r.hex(6)}`,
        region: 'us-east-2',
      };
    case 'azure-id':
      return { app_id: r.hex(32), tenant_id: r.hex(32), cert_file_name: 'azure.pem', azure_id_cert: PEM };
    case 'wireguard':
      return {
        wg_conf: `[Interface]\nPrivateKey = ${r.hex(43)}=\nAddress = 10.0.0.2/32`,
        wg_private_key: `${r.hex(43)}=`,
      };
    case 'kubeconfig':
      return { kubeconfig: `apiVersion: v1\nusers:\n- user:\n    client-key-data: ${r.hex(60)}` };
    case 'sql-server':
      return { sql_server_username: 'sa', sql_server_password: `P@ss-${r.hex(10)}` };
    case 'slack-api':
      return { slack_api_key: `xoxp-${r.hex(12)}-${r.hex(12)}` };
    default:
      return {};
  }
}

/**
 * The console's Canarytokens (token n is generated from (seed, n), inventory.ts: the tokens the
 * incidents trigger), as /canarytokens/paginate returns them: with their secrets inside
 * (AWS keys, factory auth strings, ready-made renders, private keys), which the collector must strip.
 */
export class TokenStore {
  private readonly tokens = new Map<string, Record<string, unknown>>();
  private readonly rng: Rng;
  private readonly seed: number;
  private serial = 0;
  private updatedId = 0;

  constructor(seed: number, count: number) {
    this.seed = seed;
    this.rng = new Rng(streamSeed(seed, 0x70ce));
    for (let i = 0; i < count; i++) this.add(initialTokenKind(i));
  }

  list(): Record<string, unknown>[] {
    return [...this.tokens.values()];
  }

  add(kind: TokenKind = this.rng.pick(INVENTORY_KINDS), extra: Record<string, unknown> = {}): string {
    const n = this.serial++;
    const { identity, rng: r } = tokenAt(this.seed, n, kind);
    const { canarytoken } = identity;
    const created = 1_767_225_600 + n * 600 + r.next();
    this.tokens.set(canarytoken, {
      canarytoken,
      key: r.hex(32),
      kind,
      memo: identity.memo,
      created: created.toFixed(6),
      created_printable: `${new Date(created * 1000).toISOString().slice(0, 19).replace('T', ' ')} (UTC)`,
      enabled: true,
      flock_id: 'flock:default',
      // a token's incidents carry it as their node_id (inventory.ts)
      node_id: canarytoken,
      hostname: identity.hostname,
      url: identity.url,
      triggered_count: r.int(0, 3),
      updated_id: ++this.updatedId,
      browser_scanner_enabled: true,
      factory_auth: r.hex(32),
      renders: {
        'aws-id': `[default]\naws_access_key=AKIA${r.hex(8)}`,
        html: `<img src="http://canarytokens.com/${canarytoken}.png">`,
      },
      ...kindSecrets(kind, r),
      ...extra,
    });
    return canarytoken;
  }

  remove(canarytoken: string): boolean {
    return this.tokens.delete(canarytoken);
  }

  /** One change: a token added or one removed. */
  churn(): void {
    if (this.rng.next() < 0.5 || this.tokens.size === 0) this.add();
    else this.remove(this.rng.pick([...this.tokens.keys()]));
  }
}
