import { randomBytes } from 'node:crypto';
import * as z from 'zod';

/**
 * A console registration's random value, mixed into its webhook header (push/auth.ts): a new
 * registration, or `push rotate`, gives the console a new header and revokes the old one.
 */
export const PushNonceSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a push nonce (32 hex digits)');

export const newPushNonce = (): string => randomBytes(16).toString('hex');
