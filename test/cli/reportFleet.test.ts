import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SINCE, ALL_UNTIL } from '#siem/report/model.ts';
import { renderReport } from '../support/browser.ts';
import { cli, workDir } from '../support/cli.ts';
import { expectedReport } from '../support/reportExpect.ts';

type Rec = Parameters<typeof expectedReport>[0][number];

const cwd = workDir();
let records: Rec[];

/**
 * A fleet: `run --consoles 4 --once` through the fleet code path, then `report` from the same folder
 * as a person would run it (no options): a summary across the consoles, a table of them, and a section
 * per console, every figure and row checked in Chromium against the records of out/fleet.ndjson.
 */
beforeAll(async () => {
  const run = await cli(['run', '--consoles', '4', '--once', '--incidents', '60'], { cwd });
  expect(run.code, run.stderr).toBe(0);
  records = readFileSync(join(cwd, 'out', 'fleet.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Rec);
}, 180_000);

describe('canary-collector report over a fleet', () => {
  it('sums the fleet, lists the consoles, and gives each its section', async () => {
    const result = await cli(['report'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^report: \/.*\/canary-report\.html \(\d+ KiB\): 240 incidents, 4 consoles, from DuckDB over out\/fleet\.ndjson/,
    );
    const page = await renderReport(join(cwd, 'canary-report.html'));
    const expected = expectedReport(records, ALL_SINCE, ALL_UNTIL);
    expect(expected.consoles).toHaveLength(4);
    expect(page.consoles).toEqual(expected.consoles);
    expect(page.figures).toEqual(expected.figures);
    expect(page.rows).toEqual(expected.rows);
    expect(page.rows['fleet.consoles']).toHaveLength(4);
    expect(page.requests).toEqual([]);
    // printed: each console starts a page of its own, after the fleet's summary
    expect(page.print.sectionsOnNewPage).toBe(4);
    expect(page.print.pages).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('reports one console of the fleet with --console', async () => {
    const [name] = [...new Set(records.map((r) => r.console))].sort();
    const file = join(workDir(), 'one.html');
    const result = await cli(['report', '--console', String(name), '--file', file], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const page = await renderReport(file);
    const expected = expectedReport(records, ALL_SINCE, ALL_UNTIL, name);
    expect(page.consoles).toEqual([name]);
    expect(page.figures).toEqual(expected.figures);
    expect(page.rows).toEqual(expected.rows);
  }, 60_000);
});
