import { createDispatcher } from '../lib/dispatch.ts';

export const handler = createDispatcher();
