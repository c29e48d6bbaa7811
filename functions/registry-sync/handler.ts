import { createSyncHandler } from '../lib/registrySyncHandler.ts';

export const handler = createSyncHandler();
