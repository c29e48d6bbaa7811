import { CATALOGUE } from './logtypeCatalogue.ts';
import type { LogtypeInfo, Severity } from './logtypeShapes.ts';

export type { Category, LogtypeInfo, Severity } from './logtypeShapes.ts';

/** OCSF severity_id for each severity. */
export const SEVERITY_ID: Record<Severity, number> = {
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/**
 * The incident logtypes of the Canary incident object catalogue: for each, its name, its family, whether
 * it is an attack or an operational event, a severity, and the fields its events carry. Logtypes the
 * console adds later still pass through, marked unknown (see describeLogtype).
 */
export const LOGTYPES: ReadonlyMap<number, LogtypeInfo> = new Map(
  CATALOGUE.map((entry) => [entry.logtype, entry]),
);

/**
 * Each known entry with `known: true`, made once: every incident asks for its logtype several times,
 * and a copy per call was a measurable share of a backfill. Frozen, since every caller shares it.
 */
const DESCRIBED: ReadonlyMap<number, Readonly<LogtypeInfo & { known: boolean }>> = new Map(
  CATALOGUE.map((entry) => [entry.logtype, Object.freeze({ ...entry, known: true })]),
);

/** The catalogue entry for a logtype as the API sends it (a string or a number); unknown ones pass through. */
export function describeLogtype(value: unknown): LogtypeInfo & { known: boolean } {
  const logtype = typeof value === 'number' ? value : Number(value);
  const known = DESCRIBED.get(logtype);
  if (known !== undefined) return known;
  return {
    logtype: Number.isFinite(logtype) ? logtype : -1,
    name: `Unknown logtype ${String(value)}`,
    family: 'unknown',
    category: 'attack',
    severity: 'high',
    fields: [],
    known: false,
  };
}
