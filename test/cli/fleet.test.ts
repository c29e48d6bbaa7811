import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, STACK_LINE, workDir } from '../support/cli.ts';

type Line = { console: string; source: string; event_id: string; normalized: Record<string, unknown> };

/**
 * `canary-collector run --consoles 200`: the fleet code path (registry in dynalite, the dispatcher,
 * run-request queues drained into the real handlers) over 200 simulated consoles, as a user runs it.
 */
describe('a local fleet of 200 consoles', () => {
  it('collects every console’s every object exactly once, under its own console', async () => {
    const cwd = workDir();
    const result = await cli(['run', '--consoles', '200', '--incidents', '15', '--out', 'fleet-out'], {
      cwd,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('done: ');
    expect(result.stderr).not.toMatch(STACK_LINE);
    const lines = readFileSync(join(cwd, 'fleet-out', 'fleet.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    expect(new Set(lines.map((l) => l.event_id)).size).toBe(lines.length);
    const per = new Map<string, Record<string, number>>();
    for (const line of lines) {
      const counts = per.get(line.console) ?? {};
      counts[line.source] = (counts[line.source] ?? 0) + 1;
      per.set(line.console, counts);
    }
    expect(per.size).toBe(200);
    for (const [name, counts] of per)
      expect(counts, name).toEqual({ incident: 15, audit: 10, bird: 3, token: 4 });
  });

  it('refuses a bad count with a usage error, not a stack trace', async () => {
    const result = await cli(['run', '--consoles', 'many'], { cwd: workDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--consoles');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses options a fleet run would ignore (--push, --partitioned...) rather than drop them silently', async () => {
    const result = await cli(['run', '--consoles', '3', '--push', '--partitioned'], { cwd: workDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it takes --out and --incidents, not --partitioned, --push');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});
