import { createHandler } from '../lib/entrypoints/collector.ts';
import { birds } from '../lib/sources/birds.ts';

/** Lambda entry point for birds (devices): each run request on its queue names the console (the dispatcher sends them). */
export const handler = createHandler(birds);
