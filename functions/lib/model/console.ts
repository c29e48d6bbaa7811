import * as z from 'zod';

/**
 * A console as every configuration names it: the functions' CONSOLES, the console registry, the
 * deployment config's list. A name has no ":" or "#", so a console's keys in the checkpoint table
 * (`<name>#<source>`, `registry:<name>`, `alert:<name>:<hash>#incidents`) can never meet another's.
 */
export const CONSOLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const ConsoleNameSchema = z
  .string()
  .regex(CONSOLE_NAME_PATTERN, 'a console name is 1-64 letters, digits, "_", "." or "-"');

/** Incidents created before this are not collected: a date-time with a zone, as Devo's datetime_from. */
export const IncidentsFromSchema = z.iso.datetime({
  offset: true,
  message: 'incidentsFrom must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z',
});

/** Audit entries before this date are not collected (a date, as Devo's date_from). */
export const AuditFromSchema = z.iso.date({ message: 'auditFrom must be a date, e.g. 2026-01-01' });

/** Extra https hosts a console may be reached at (besides *.canary.tools). */
export const AllowedHostsSchema = z.array(
  z.string().regex(/^[a-z0-9.-]+$/i, 'allowedHosts holds host names only, e.g. canary.example.com'),
);

/**
 * A start in the future would make every run fail or skip everything: refused where a console is
 * configured. Adds one issue per such start, at its path under `at`.
 */
export function futureStartIssues(
  console: { incidentsFrom?: unknown; auditFrom?: unknown },
  at: PropertyKey[],
  ctx: z.RefinementCtx,
  now: number = Date.now(),
): void {
  if (typeof console.incidentsFrom === 'string' && Date.parse(console.incidentsFrom) > now)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'incidentsFrom'],
      message: `${console.incidentsFrom} is in the future; give a past date-time`,
    });
  if (typeof console.auditFrom === 'string' && Date.parse(`${console.auditFrom}T00:00:00Z`) > now)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'auditFrom'],
      message: `${console.auditFrom} is in the future; give a past date`,
    });
}
