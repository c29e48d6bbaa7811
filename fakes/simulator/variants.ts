import type { Rng } from './random.ts';
import { FAILURE_VARIANTS } from './variants/failures.ts';
import { FEED_VARIANTS } from './variants/feeds.ts';
import { FIELD_VARIANTS } from './variants/fields.ts';
import { LIST_VARIANTS } from './variants/lists.ts';
import { type Body, type Endpoint, items, type RawReply, type ReplyVariant } from './variants/reply.ts';

export {
  ENDPOINTS,
  type Endpoint,
  listKey,
  type RawReply,
  type ReplyVariant,
} from './variants/reply.ts';

/**
 * The reply shapes real consoles send besides the documented one, as other integrations that talk to
 * real consoles have seen them or defend against them. Each is the same meaning in another spelling
 * (an empty list as `null`, a last page without a cursor, numbers as strings...), or a failure a proxy
 * or a console produces. The simulator serves them on request (`variants: [ids]`) or as a seeded mix
 * (`variants: 'mix'`: at most one variant of each group on each reply, meaning-preserving ones only).
 * docs/console-api.md is generated from this list (`npm run docs:api`).
 *
 * The variants themselves are in variants/, one file per group of this list; its order is the order a
 * mix draws its choices in, so the simulator's seeded replies depend on it.
 */
export const VARIANTS: readonly ReplyVariant[] = [
  ...LIST_VARIANTS,
  ...FIELD_VARIANTS,
  ...FEED_VARIANTS,
  ...FAILURE_VARIANTS,
];

export type VariantSetting = 'mix' | readonly string[];

/** Checks variant ids; a typo in a test must not silently test the documented shape. */
export function checkVariants(setting: VariantSetting | undefined): void {
  if (setting === undefined || setting === 'mix') return;
  const unknown = setting.filter((id) => !VARIANTS.some((v) => v.id === id));
  if (unknown.length > 0) throw new Error(`unknown reply variants: ${unknown.join(', ')}`);
}

/**
 * The reply as the variants setting serves it: named variants whenever they apply; a mix picks, for
 * each group, one applicable meaning-preserving variant (or none) at random from the simulator's seed.
 */
export function varyReply(
  setting: VariantSetting,
  endpoint: Endpoint,
  body: Body,
  limit: number,
  rng: Rng,
): { body: Body; applied: string[] } | { raw: RawReply; applied: string[] } {
  const empty = items(body, endpoint).length === 0;
  const cursor = body.cursor as Body | null | undefined;
  const last = cursor === undefined || cursor === null || cursor.next === null || cursor.next === '';
  const applies = (v: ReplyVariant) =>
    v.endpoints.includes(endpoint) &&
    (v.when === 'always' || (v.when === 'empty' ? empty : v.when === 'items' ? !empty : last));
  let chosen: ReplyVariant[];
  if (setting === 'mix') {
    const groups = new Map<string, ReplyVariant[]>();
    for (const v of VARIANTS.filter((v) => v.mix && applies(v)))
      groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
    chosen = [...groups.values()].flatMap((options) => {
      const pick = Math.floor(rng.next() * (options.length + 1));
      return pick < options.length ? [options[pick] as ReplyVariant] : [];
    });
  } else {
    chosen = VARIANTS.filter((v) => setting.includes(v.id) && applies(v));
  }
  let current = body;
  const applied: string[] = [];
  for (const variant of chosen) {
    const out = variant.apply(current, endpoint);
    if (isRaw(out)) return { raw: out, applied: [variant.id] };
    if (setting === 'mix' && variant.keepsMeaning?.(out, endpoint, limit) === false) continue;
    current = out;
    applied.push(variant.id);
  }
  return { body: current, applied };
}

function isRaw(reply: Body | RawReply): reply is RawReply {
  return typeof reply.status === 'number' && typeof reply.text === 'string';
}
