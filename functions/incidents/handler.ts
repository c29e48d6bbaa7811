import { createHandler } from '../lib/entrypoints/collector.ts';
import { incidents } from '../lib/sources/incidents.ts';

/** Lambda entry point for the incidents source: each run request on its queue names the console (the dispatcher sends them). */
export const handler = createHandler(incidents);
