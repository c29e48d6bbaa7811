import type { StatusRow } from './operator.ts';

export type StatusSort = 'console' | 'last-success';

/**
 * `status --compact`: one aligned row per console and source, for a fleet of a thousand consoles:
 * a summary line first, then console, source, last run and its result, last success, lease.
 * `failing` keeps the rows whose last run failed; `last-success` puts the longest without a
 * success first (never is oldest).
 */
export function statusTable(rows: StatusRow[], options: { sort: StatusSort; failing: boolean }): string {
  const failed = (r: StatusRow) => r.lastRunOk === false;
  const consoles = new Set(rows.map((r) => r.console)).size;
  const failingConsoles = new Set(rows.filter(failed).map((r) => r.console)).size;
  const shown = rows.filter((r) => !options.failing || failed(r));
  const sorted = [...shown].sort((a, b) =>
    options.sort === 'last-success'
      ? (a.lastSuccessAt ?? '').localeCompare(b.lastSuccessAt ?? '') || a.console.localeCompare(b.console)
      : a.console.localeCompare(b.console) || a.source.localeCompare(b.source),
  );
  const head = ['console', 'source', 'last run', 'result', 'last success', 'lease'];
  const body = sorted.map((r) => [
    r.console,
    r.source,
    r.lastRunAt ?? 'never',
    r.lastRunAt === undefined ? '' : r.lastRunOk ? 'ok' : `FAILED ${r.lastErrorCode ?? ''}`.trimEnd(),
    r.lastSuccessAt ?? 'never',
    r.lease === 'free' ? 'free' : 'held',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const summary = `${consoles} consoles, ${rows.length} checkpoints, ${failingConsoles} console${failingConsoles === 1 ? '' : 's'} with a failed last run${options.failing ? ` (showing ${shown.length})` : ''}`;
  return [summary, line(head), ...body.map(line)].join('\n');
}
