import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook's shared secret. The deployment has one push key (in Secrets Manager); each console's
 * header value is derived from it and the console's name, so a value seen for one console cannot
 * post as another, and no console needs a secret of its own.
 */
export const PUSH_HEADER = 'x-canary-collector-key';

export function consolePushValue(pushKey: string, consoleName: string): string {
  return createHmac('sha256', pushKey).update(`canary-collector push|${consoleName}`).digest('hex');
}

/** Compares in constant time: both sides hashed to the same length first. */
export function samePushValue(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
