import { describe, expect, it } from 'vitest';
import type { StatusRow } from '#cli/operator.ts';
import { statusTable } from '#cli/statusTable.ts';

const row = (console: string, source: string, ok: boolean, success?: string): StatusRow => ({
  console,
  source,
  checkpoint: {},
  updatedAt: undefined,
  lastRunAt: '2026-11-22T10:00:00.000Z',
  lastRunOk: ok,
  lastErrorCode: ok ? undefined : 'CANARY_AUTH_FAILED',
  lastSuccessAt: success,
  lease: 'free',
  startOverride: undefined,
});

// a thousand consoles, four sources each; every 100th console failing, never having succeeded
const rows = Array.from({ length: 1000 }, (_, i) => `c-${String(i).padStart(4, '0')}`).flatMap((name, i) =>
  ['incidents', 'audit-trail', 'birds', 'tokens'].map((source) =>
    i % 100 === 0
      ? row(name, source, false)
      : row(name, source, true, `2026-11-22T09:${String(i % 60).padStart(2, '0')}:00.000Z`),
  ),
);

describe('status for a fleet', () => {
  it('prints a summary and one aligned row per console and source', () => {
    const lines = statusTable(rows, { sort: 'console', failing: false }).split('\n');
    expect(lines[0]).toBe('1000 consoles, 4000 checkpoints, 10 consoles with a failed last run');
    expect(lines[1]).toMatch(/^console\s+source\s+last run\s+result\s+last success\s+lease$/);
    expect(lines).toHaveLength(4002);
    const starts = new Set(lines.slice(2).map((l) => l.indexOf('2026')));
    expect(starts.size).toBe(1); // the date columns line up
  });

  it('shows only the failing, and sorts the longest without a success first', () => {
    const failing = statusTable(rows, { sort: 'console', failing: true }).split('\n');
    expect(failing[0]).toContain('(showing 40)');
    expect(failing.slice(2).every((l) => l.includes('FAILED CANARY_AUTH_FAILED'))).toBe(true);
    const bySuccess = statusTable(rows, { sort: 'last-success', failing: false }).split('\n').slice(2);
    expect(bySuccess[0]).toMatch(/never\s+free$/);
    expect(bySuccess.at(-1)).toContain('09:59:00');
  });
});
