import * as z from 'zod';

/**
 * Pieces of the functions' environment schemas: every variable is text in Lambda, read here into
 * what it means (a whole number in a range, a boolean, parsed JSON), with a message naming it.
 */

export const intIn = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

/** "true" or "false", read as a boolean; nothing else ("yes", "1") is taken for either. */
export const flag = (name: string) =>
  z
    .stringbool({
      truthy: ['true'],
      falsy: ['false'],
      case: 'sensitive',
      error: `${name} must be true or false`,
    })
    .default(false);

/** One of `values`, with a message that lists them. */
export const oneOf = <const T extends readonly [string, ...string[]]>(
  name: string,
  values: T,
  fallback: T[number],
) =>
  z
    .enum(values, { message: `${name} must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}` })
    .default(fallback);

/** A variable holding JSON: parsed, or one "<name> is not valid JSON" issue. */
export const jsonText = (name: string, required?: string) =>
  z.string(required === undefined ? undefined : { message: required }).transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `${name} is not valid JSON` });
      return z.NEVER;
    }
  });

/** The variables Powertools for AWS Lambda reads (the stack sets them for every function). */
export const PowertoolsEnv = {
  POWERTOOLS_SERVICE_NAME: z.string().optional(),
  POWERTOOLS_METRICS_NAMESPACE: z.string().optional(),
  POWERTOOLS_LOG_LEVEL: z.string().optional(),
};
