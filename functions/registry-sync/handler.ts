import { createSyncHandler } from '../lib/entrypoints/registrySync.ts';

export const handler = createSyncHandler();
