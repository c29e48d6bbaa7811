import { type Kind, kindOf } from './catalogue.ts';
import {
  type BirdIdentity,
  birdAt,
  initialTokenKind,
  TOKEN_LOGTYPE,
  type TokenIdentity,
  tokenAt,
} from './inventory.ts';
import { Rng, streamSeed } from './random.ts';

export interface TriggeredToken extends TokenIdentity {
  logtype: number;
}

/**
 * What the simulated incidents happen on and come from: the console's initial birds and tokens
 * (inventory.ts, the same the device and token stores list), and a few addresses that sweep several
 * Canaries. Small tables built once per simulator; each incident only picks from them.
 */
export class Targets {
  readonly birds: BirdIdentity[];
  private readonly tokens: TriggeredToken[];
  private readonly byChannel = new Map<Kind, TriggeredToken[]>();
  private readonly sweepers: string[];

  constructor(seed: number, birds: number, tokens: number) {
    this.birds = Array.from({ length: Math.max(1, birds) }, (_, i) => birdAt(seed, i + 1));
    this.tokens = Array.from({ length: tokens }, (_, n) => tokenAt(seed, n, initialTokenKind(n)).identity)
      .filter((token) => TOKEN_LOGTYPE[token.kind] !== undefined)
      .map((token) => ({ ...token, logtype: TOKEN_LOGTYPE[token.kind] as number }));
    // Without a triggerable token in the inventory the incidents still need one (nothing to join).
    if (this.tokens.length === 0) this.tokens.push({ ...tokenAt(seed, 0, 'http').identity, logtype: 17000 });
    for (const token of this.tokens) {
      const channel = kindOf(token.logtype) as Kind;
      this.byChannel.set(channel, [...(this.byChannel.get(channel) ?? []), token]);
    }
    const r = new Rng(streamSeed(seed, 0x5ee9));
    this.sweepers = Array.from({ length: 4 }, () => r.ip());
  }

  bird(r: Rng): BirdIdentity {
    return r.pick(this.birds);
  }

  /**
   * The token an incident of `kind` triggers: one of that channel (HTTP, DNS, WireGuard), of the
   * `logtype` asked for when one of that kind is there; its logtype is the token kind's unless one
   * was asked for.
   */
  token(r: Rng, kind: Kind, logtype: number | undefined): TriggeredToken {
    const channel = this.byChannel.get(kind) ?? this.tokens;
    const exact = logtype === undefined ? [] : channel.filter((token) => token.logtype === logtype);
    const token = r.pick(exact.length > 0 ? exact : channel);
    return logtype === undefined ? token : { ...token, logtype };
  }

  /** The attacker's address: now and then one of the few that sweep several Canaries. */
  source(r: Rng): string {
    const drawn = r.ip();
    return r.next() < 0.08 ? r.pick(this.sweepers) : drawn;
  }
}

/** A token event as the catalogue shapes it, naming the incident's token (kind, URL, hostname). */
export function tokenEvent(body: Record<string, unknown>, token: TriggeredToken): Record<string, unknown> {
  const own: Record<string, unknown> = { canarytoken: token.canarytoken };
  if (body.type === 'http') Object.assign(own, { kind: token.kind, url: token.url });
  if (body.type === 'dns') Object.assign(own, { kind: token.kind, hostname: token.hostname });
  return Object.assign(body, own);
}
