import type * as z from 'zod';

/**
 * A function's environment, written through the schema the function parses it with: a variable the
 * function does not read, or one it needs left out, is a type error; each value is given as what it
 * means (a number, a boolean, an object) and written as the text the schema reads back (JSON for
 * objects). CDK tokens travel inside the text and resolve at deploy (a token stands for a name, an
 * ARN or a URL: nothing JSON would escape).
 */
export type EnvValues<T extends z.ZodRawShape> = {
  [K in keyof T as undefined extends z.input<T[K]> ? never : K]: z.output<T[K]>;
} & {
  [K in keyof T as undefined extends z.input<T[K]> ? K : never]?: z.output<T[K]>;
};

/** The values of the environment `schema` parses, e.g. `EnvOf<typeof PushEnvSchema>`. */
export type EnvOf<S extends z.ZodObject> = EnvValues<S['shape']>;

export function environmentFor<S extends z.ZodObject>(_schema: S, values: EnvOf<S>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    if (value === undefined) continue;
    out[key] =
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
