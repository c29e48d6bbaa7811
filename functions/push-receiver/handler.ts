import { createPushHandler } from '../lib/pushRuntime.ts';

export const handler = createPushHandler();
