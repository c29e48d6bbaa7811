import type { RunSummary } from '#lib/core/collect.ts';
import type { ErrorCode } from '#lib/core/errors.ts';
import type { Target } from './target.ts';

/**
 * Failures that are the console's (or its address's, key's, secret's), not one source's: every
 * other source would fail the same way, so a pass stops there and says it once for the console.
 */
export const CONSOLE_WIDE: ReadonlySet<string> = new Set<ErrorCode>([
  'CONFIG_INVALID',
  'CONSOLE_UNKNOWN',
  'SECRET_UNAVAILABLE',
  'SECRET_INVALID',
  'HOST_NOT_ALLOWED',
  'CANARY_AUTH_FAILED',
  'CANARY_UNREACHABLE',
  'CANARY_TIMEOUT',
  'CANARY_REDIRECT',
]);

export function describeTarget(
  target: Target,
  simulatorUrl: string | undefined,
  incidents: number,
  once: boolean,
): string {
  if (target.kind === 'simulator') {
    return `simulated console "${target.name}" at ${simulatorUrl} (${incidents} incidents${once ? '' : ', changing live'})`;
  }
  const at = target.credentials.domainHash ?? target.credentials.baseUrl;
  return `console "${target.name}" (${at})`;
}

/** A run's line; `redelivered` are records the output already held (a page sent, not committed). */
export function runLine(summary: RunSummary, redelivered: number): string {
  const s = summary.stats;
  const time = new Date().toISOString().slice(11, 19);
  const head = `[${time}] ${summary.console}/${summary.source}`;
  if (s.requests === 0) return `${head}: no snapshot due yet (at most one per interval)`;
  const duplicates = `${s.duplicates + redelivered} duplicates${redelivered > 0 ? ` (${redelivered} re-delivered: already in the output)` : ''}`;
  return `${head}: ${s.recordsSent} records sent (${s.received} received, ${duplicates}, ${s.filtered} before start) in ${s.requests} request${s.requests === 1 ? '' : 's'}, ${(s.elapsedMs / 1000).toFixed(2)} s, ${s.recordsPerSecond} records/s; checkpoint ${JSON.stringify(summary.checkpoint)}${summary.more ? ' (more to read)' : ''}`;
}
