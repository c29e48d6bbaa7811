import { createPushHandler } from '../lib/entrypoints/pushReceiver.ts';

export const handler = createPushHandler();
