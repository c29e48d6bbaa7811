import * as z from 'zod';
import { SOURCE_NAMES, type SourceName } from '../core/ports.ts';

/** The four sources, as every schema that names one (environment, registry, deployment config) takes them. */
export const SourceNameSchema = z.enum(SOURCE_NAMES, {
  message: `a source is one of ${SOURCE_NAMES.join(', ')}`,
});

/** Sources read as a snapshot at most hourly (birds and Canarytokens have no incremental feed). */
export const SNAPSHOT_SOURCES: readonly SourceName[] = ['birds', 'tokens'];
