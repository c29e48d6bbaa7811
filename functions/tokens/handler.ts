import { createHandler } from '../lib/entrypoints/collector.ts';
import { tokens } from '../lib/sources/tokens.ts';

/** Lambda entry point for Canarytokens: each run request on its queue names the console (the dispatcher sends them). */
export const handler = createHandler(tokens);
