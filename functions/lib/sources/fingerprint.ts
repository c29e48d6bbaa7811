import { createHash } from 'node:crypto';

/** A short digest of the settings that fix where a source starts; a change resets its checkpoint. */
export const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
