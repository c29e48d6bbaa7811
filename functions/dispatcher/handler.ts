import { createDispatcher } from '../lib/entrypoints/dispatcher.ts';

export const handler = createDispatcher();
