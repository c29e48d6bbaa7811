import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { PushNonceSchema } from '../model/pushNonce.ts';

/**
 * The webhook's shared secret. The deployment has one push key (in Secrets Manager); each console's
 * header value is derived from it, the console's name and a random value of its registration
 * (`pushNonce`, in the registry entry), so a value seen for one console cannot post as another, a
 * console removed and added again gets a new value, `push rotate` revokes one console's value
 * without touching the others, and no console needs a secret of its own.
 *
 * The value is `<nonce>.<HMAC>`: the receiver checks the HMAC with the key alone (no I/O, so an
 * unauthenticated flood costs a hash each), then that the nonce is still the registration's.
 * Registrations older than nonces have a value without one (`<HMAC>` of the name), until rotated.
 */
export const PUSH_HEADER = 'x-canary-collector-key';

export interface PushIdentity {
  name: string;
  /** The registration's random value; absent on entries registered before it existed. */
  pushNonce?: string | undefined;
}

export function consolePushValue(pushKey: string, identity: PushIdentity): string {
  const mac = (text: string) => createHmac('sha256', pushKey).update(text).digest('hex');
  if (identity.pushNonce === undefined) return mac(`canary-collector push|${identity.name}`);
  return `${identity.pushNonce}.${mac(`canary-collector push|${identity.name}|${identity.pushNonce}`)}`;
}

/**
 * What a header value proves with the key alone: that it was made for this console, with this
 * nonce (`undefined` for a value without one), or nothing (`false`).
 */
export function verifyPushValue(
  pushKey: string,
  consoleName: string,
  given: string,
): string | undefined | false {
  const dot = given.indexOf('.');
  const nonce = dot === -1 ? undefined : given.slice(0, dot);
  if (nonce !== undefined && !PushNonceSchema.safeParse(nonce).success) return false;
  return samePushValue(given, consolePushValue(pushKey, { name: consoleName, pushNonce: nonce }))
    ? nonce
    : false;
}

/** Compares in constant time: both sides hashed to the same length first. */
export function samePushValue(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
