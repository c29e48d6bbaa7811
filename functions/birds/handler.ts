import { createHandler } from '../lib/entrypoints/collector.ts';
import { birds } from '../lib/sources/birds.ts';

/** Lambda entry point for birds (devices); the schedule's input names the console. */
export const handler = createHandler(birds);
