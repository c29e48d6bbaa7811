import { Rng, streamSeed } from './random.ts';

/**
 * Who is who on the simulated console: bird n and token n are pure functions of (seed, n), so the
 * device and token stores list exactly the birds and tokens the incident store's incidents happen on,
 * without either store holding the other (and without any per-incident memory).
 */

export interface BirdIdentity {
  id: string;
  name: string;
  ip: string;
  mac: string;
  flock: string;
  flockName: string;
}

/** Bird n (1-based, the console's serial): id, name, addresses and flock. */
export function birdAt(seed: number, n: number): BirdIdentity {
  const r = new Rng(streamSeed(seed ^ 0xb1d5, n));
  const id = r.hex(16);
  const flock = n % 3 === 1 ? 'flock:default' : `flock:${new Rng(streamSeed(seed, 0xf10c + (n % 3))).hex(8)}`;
  return {
    id,
    name: `${r.pick(['SRV', 'FS', 'DB', 'WEB', 'DC'])}-${String(n).padStart(4, '0')}`,
    ip: `10.${r.int(0, 9)}.${r.int(0, 255)}.${r.int(2, 250)}`,
    mac: Array.from({ length: 6 }, () => r.hex(2)).join(':'),
    flock,
    flockName: flock === 'flock:default' ? 'Default Flock' : `Flock ${flock.slice(6, 10)}`,
  };
}

/**
 * Which of the initial birds are offline when the simulator starts: every sixth, so a console of
 * six or more birds has some (the "Canary offline" query has rows) and the first five are live
 * (tests take the first birds offline themselves).
 */
export const startsOffline = (n: number): boolean => n % 6 === 0;

export const TOKEN_KINDS = [
  'http',
  'dns',
  'aws-id',
  'doc-msword',
  'cloned-web',
  'pdf-acrobat-reader',
  'azure-id',
  'wireguard',
  'kubeconfig',
  'sql-server',
  'slack-api',
  'web-image',
] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * The logtype a token of each kind raises when triggered (the incident object catalogue); kinds the
 * catalogue has no logtype for are never triggered by seeded incidents.
 */
export const TOKEN_LOGTYPE: Partial<Record<TokenKind, number>> = {
  http: 17000,
  'web-image': 17001,
  'cloned-web': 17003,
  'doc-msword': 17004,
  'aws-id': 17012,
  'slack-api': 17020,
  'azure-id': 17024,
  dns: 16000,
  'pdf-acrobat-reader': 16008,
  wireguard: 17022,
};

export interface TokenIdentity {
  canarytoken: string;
  kind: TokenKind;
  memo: string;
  hostname: string;
  url: string;
}

/** Token n (0-based): its value, kind and memo; `rng` goes on to draw the token's other fields. */
export function tokenAt(seed: number, n: number, kind?: TokenKind): { identity: TokenIdentity; rng: Rng } {
  const r = new Rng(streamSeed(seed ^ 0x70ce, n));
  const chosen = kind ?? r.pick(TOKEN_KINDS);
  const canarytoken = r.hex(25);
  const where = r.pick(['finance share', 'build server', 'CEO laptop', 'HR drive', 'backup NAS']);
  return {
    identity: {
      canarytoken,
      kind: chosen,
      memo: `${chosen} token on ${where}`,
      hostname: `${canarytoken}.canarytokens.com`,
      url: `http://canarytokens.com/static/${canarytoken}/index.html`,
    },
    rng: r,
  };
}

/** The kind the token store gives its n-th initial token: every kind in turn. */
export const initialTokenKind = (n: number): TokenKind => TOKEN_KINDS[n % TOKEN_KINDS.length] as TokenKind;
