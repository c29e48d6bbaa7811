import { CANARYTOKENS } from './catalogue/canarytokens.ts';
import type { Kind } from './catalogue/kind.ts';
import { OPERATIONAL } from './catalogue/operational.ts';
import { PORT_SCANS } from './catalogue/scans.ts';
import { SERVICES_F_TO_N } from './catalogue/servicesFtoN.ts';
import { SERVICES_R_TO_W } from './catalogue/servicesRtoW.ts';
import type { Rng } from './random.ts';

export { SIM_BASIC_AUTH, SIM_NTLM, SIM_PASSWORD } from './catalogue/attacker.ts';
export type { Kind } from './catalogue/kind.ts';

/**
 * The incident catalogue, family by family (catalogue/). The order is the weighted pick's: a seeded
 * simulator picks its incidents by walking this list, so reordering it changes every generated data
 * set and the golden files.
 */
export const KINDS: Kind[] = [
  ...OPERATIONAL,
  ...SERVICES_F_TO_N,
  ...PORT_SCANS,
  ...SERVICES_R_TO_W,
  ...CANARYTOKENS,
];

const totalWeight = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

export function pickKind(r: Rng): Kind {
  let roll = r.next() * totalWeight;
  for (const kind of KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return KINDS[KINDS.length - 1] as Kind;
}

export function kindOf(logtype: number): Kind | undefined {
  return KINDS.find((kind) => kind.logtypes.includes(logtype));
}
