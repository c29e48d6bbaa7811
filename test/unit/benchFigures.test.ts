import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BenchResults,
  docName,
  FIGURE_DOCS,
  loadResults,
  quotedFigures,
  renderFigures,
  staleFigures,
} from '#scripts/benchFigures.ts';

const results = (bench: string, figures: BenchResults['figures']): Record<string, BenchResults> => ({
  [bench]: {
    bench,
    command: `npm run bench:${bench}`,
    date: '2026-12-02T18:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', node: 'v20.20.2', platform: 'linux-x64', load1m: 1.5 },
    figures,
  },
});
const cli = results('cli', { firstProgressMs: 1812, allWholeJson: 'true', ratio: 0.5236 });
const figure = (name: string, text: string) => `<!-- figure:${name} -->${text}<!-- /figure -->`;

describe('bench figures in the docs (npm run docs:figures)', () => {
  it('renders a marker from the results: numbers with separators, texts as they are', () => {
    const doc = `first line ${figure('cli.firstProgressMs', 'old')} ms, whole: ${figure('cli.allWholeJson', '')}`;
    expect(renderFigures(doc, cli)).toEqual({
      text: `first line ${figure('cli.firstProgressMs', '1,812')} ms, whole: ${figure('cli.allWholeJson', 'true')}`,
      problems: [],
    });
    expect(renderFigures(figure('cli.ratio', ''), cli).text).toBe(figure('cli.ratio', '0.524'));
  });

  it('a doc whose figure differs from its results file is named, with both values', () => {
    const doc = `${figure('cli.firstProgressMs', '1,800')} ${figure('cli.allWholeJson', 'true')}`;
    expect(staleFigures(doc, cli)).toEqual(['cli.firstProgressMs: "1,800" → "1,812"']);
    expect(renderFigures(doc, cli).text).not.toBe(doc);
  });

  it('a marker naming a bench without results, or a figure its results lack, is a problem, left as written', () => {
    const doc = `${figure('lake.events', '9')} ${figure('cli.wallMedianS', '16.8')}`;
    expect(renderFigures(doc, cli)).toEqual({
      text: doc,
      problems: [
        'lake.events: no results file bench/results/lake.json',
        'cli.wallMedianS: not a figure of bench/results/cli.json',
      ],
    });
  });

  it('the run itself can be quoted: its day, command and machine', () => {
    const doc = `${figure('cli.date', '')} ${figure('cli.command', '')} ${figure('cli.machine.cpus', '')}`;
    expect(renderFigures(doc, cli).text).toBe(
      `${figure('cli.date', '2026-12-02')} ${figure('cli.command', 'npm run bench:cli')} ${figure('cli.machine.cpus', '2')}`,
    );
  });

  it('an opening marker without its closing one is a problem', () => {
    expect(renderFigures('<!-- figure:cli.firstProgressMs -->1,812 ms', cli).problems).toEqual([
      '1 figure marker(s) without <!-- /figure -->',
    ]);
  });

  const stored = loadResults();
  for (const doc of FIGURE_DOCS) {
    const name = docName(doc);
    it(`${name} quotes the figures of bench/results/ as they are (npm run docs:figures rewrites it)`, () => {
      const text = readFileSync(doc, 'utf8');
      expect(quotedFigures(text).length).toBeGreaterThan(0);
      expect(renderFigures(text, stored).problems).toEqual([]);
      expect(staleFigures(text, stored)).toEqual([]);
      expect(renderFigures(text, stored).text === text).toBe(true);
    });
  }

  it('the idle run the README and performance.md quote is the fleet path’s (bench:idle: registry, SQS request)', () => {
    for (const doc of FIGURE_DOCS.filter((url) => /\/(README|performance)\.md$/.test(url.pathname))) {
      const quoted = quotedFigures(readFileSync(doc, 'utf8'));
      for (const name of [
        'idle.incidents.warm.canaryRequests',
        'idle.incidents.warm.dynamoDb.GetItem',
        'idle.incidents.warm.dynamoDb.UpdateItem',
        'idle.incidents.cold.secretReads',
      ])
        expect(quoted, doc.pathname).toContain(name);
    }
  });

  it('every results file says where, when and how it was measured', () => {
    for (const [bench, r] of Object.entries(stored)) {
      expect(r.bench, bench).toBe(bench);
      expect(r.command, bench).toMatch(/^(BENCH_\w+=\S+ )*(npm run bench|npx tsx bench\/)/);
      expect(Number.isNaN(Date.parse(r.date)), bench).toBe(false);
      expect(r.machine.cpus, bench).toBeGreaterThan(0);
      expect(r.machine.node, bench).toMatch(/^v\d+/);
      expect(Object.keys(r.figures).length, bench).toBeGreaterThan(0);
    }
  });
});
