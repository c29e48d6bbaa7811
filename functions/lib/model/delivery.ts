import * as z from 'zod';
import { jsonText } from './env.ts';

/**
 * Where a function's records go, said once: one stream, or a stream per OCSF class for OCSF records
 * (Security Lake). The collectors and the push receiver take it alike.
 */
export const DeliveryEnv = {
  DELIVERY_STREAM: z.string().min(1, 'DELIVERY_STREAM must not be empty').optional(),
  DELIVERY_STREAMS: jsonText('DELIVERY_STREAMS')
    .pipe(
      z.record(z.string().regex(/^\d+$/), z.string().min(1), {
        message: 'DELIVERY_STREAMS must map OCSF class_uid to a stream name',
      }),
    )
    .optional(),
};

export function deliveryIssues(
  env: { DELIVERY_STREAM?: unknown; DELIVERY_STREAMS?: unknown; OUTPUT_FORMAT?: unknown },
  ctx: z.RefinementCtx,
): void {
  if ((env.DELIVERY_STREAM === undefined) === (env.DELIVERY_STREAMS === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['DELIVERY_STREAM'],
      message: 'give DELIVERY_STREAM, or DELIVERY_STREAMS by OCSF class (one of them)',
    });
  // (an OUTPUT_FORMAT that is not a format at all has its own issue)
  const format = env.OUTPUT_FORMAT;
  const known = format === 'native' || format === 'ocsf' || format === 'ecs';
  if (env.DELIVERY_STREAMS !== undefined && known && format !== 'ocsf')
    ctx.addIssue({
      code: 'custom',
      path: ['DELIVERY_STREAMS'],
      message: 'streams by OCSF class need OUTPUT_FORMAT=ocsf',
    });
}
