import { createHandler } from '../lib/entrypoints/collector.ts';
import { incidents } from '../lib/sources/incidents.ts';

/** Lambda entry point for the incidents source; the schedule's input names the console. */
export const handler = createHandler(incidents);
