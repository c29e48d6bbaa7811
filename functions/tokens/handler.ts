import { createHandler } from '../lib/entrypoints/collector.ts';
import { tokens } from '../lib/sources/tokens.ts';

/** Lambda entry point for Canarytokens; the schedule's input names the console. */
export const handler = createHandler(tokens);
