import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * `npm run docs:figures`: the measured figures quoted in the README, docs/performance.md, docs/report.md and docs/siem/splunk.md, rendered
 * from the benches' own results (`bench/results/<bench>.json`, written by `bench/results.ts`), so a doc
 * cannot quote a figure no bench produced or one a later run changed. A figure is quoted as
 * `<!-- figure:<bench>.<name> -->8,405<!-- /figure -->`: the marker names it, the text between is
 * rendered; test/unit/benchFigures.test.ts fails when a doc differs from its results.
 */

/** A named figure as the bench measured it: a number (rounded as the bench prints it) or a text. */
export type Figure = number | string;

/** What `bench/results/<bench>.json` holds: where and how the figures were measured, then the figures. */
export interface BenchResults {
  bench: string;
  command: string;
  date: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; load1m?: number };
  figures: Record<string, Figure>;
}

export const RESULTS_DIR = new URL('../bench/results/', import.meta.url);
export const FIGURE_DOCS = [
  new URL('../README.md', import.meta.url),
  new URL('../docs/performance.md', import.meta.url),
  new URL('../docs/report.md', import.meta.url),
  new URL('../docs/siem/splunk.md', import.meta.url),
];

// `<!-- figure:bench.name -->text<!-- /figure -->`; the text never spans a marker
const MARKER = /<!-- figure:([\w-]+)\.([\w.-]+) -->([\s\S]*?)<!-- \/figure -->/g;
const OPENING = /<!-- figure:[^>]*-->/g;

/** Every results file in `dir`, by bench name. */
export function loadResults(dir: URL = RESULTS_DIR): Record<string, BenchResults> {
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  return Object.fromEntries(
    files.map((name) => {
      const results = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as BenchResults;
      return [results.bench, results];
    }),
  );
}

/** A figure as a doc shows it: numbers with thousands separators (8,405; 0.52), texts as they are. */
export function formatFigure(value: Figure): string {
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : value;
}

/** A figure by name; besides the bench's own, `date` (the day), `command` and `machine.*` describe the run. */
export function lookupFigure(results: BenchResults, name: string): Figure | undefined {
  if (name === 'date') return results.date.slice(0, 10);
  if (name === 'command') return results.command;
  if (name.startsWith('machine.')) return results.machine[name.slice(8) as keyof BenchResults['machine']];
  return results.figures[name];
}

/**
 * The doc with every figure marker's text rendered from `results`, and the problems found: a marker
 * naming a bench without a results file or a figure its file lacks (left as it is), or an opening
 * marker without its closing one.
 */
export function renderFigures(
  text: string,
  results: Record<string, BenchResults>,
): { text: string; problems: string[] } {
  const problems: string[] = [];
  const rendered = text.replace(MARKER, (whole, bench: string, name: string) => {
    const found = results[bench];
    const value = found === undefined ? undefined : lookupFigure(found, name);
    if (value === undefined) {
      problems.push(
        found === undefined
          ? `${bench}.${name}: no results file bench/results/${bench}.json`
          : `${bench}.${name}: not a figure of bench/results/${bench}.json`,
      );
      return whole;
    }
    return whole.replace(/-->[\s\S]*<!--/, `-->${formatFigure(value)}<!--`);
  });
  const opened = text.match(OPENING)?.length ?? 0;
  const closed = [...text.matchAll(MARKER)].length;
  if (opened !== closed) problems.push(`${opened - closed} figure marker(s) without <!-- /figure -->`);
  return { text: rendered, problems };
}

/** The figures a doc quotes otherwise than its results file has them: `bench.name: quoted → measured`. */
export function staleFigures(text: string, results: Record<string, BenchResults>): string[] {
  return [...text.matchAll(MARKER)].flatMap(([, bench = '', name = '', quoted]) => {
    const found = results[bench];
    const value = found === undefined ? undefined : lookupFigure(found, name);
    if (value === undefined || formatFigure(value) === quoted) return [];
    return [`${bench}.${name}: "${quoted}" → "${formatFigure(value)}"`];
  });
}

/** A doc's path in the repository (`docs/performance.md`), for messages and test names. */
export function docName(doc: URL): string {
  return doc.pathname.slice(new URL('../', import.meta.url).pathname.length);
}

/** The figure names a doc quotes, `bench.name`, in order. */
export function quotedFigures(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => `${m[1]}.${m[2]}`);
}

if (process.argv[1]?.endsWith('benchFigures.ts')) {
  const results = loadResults();
  let failed = false;
  for (const doc of FIGURE_DOCS) {
    const current = readFileSync(doc, 'utf8');
    const { text, problems } = renderFigures(current, results);
    const name = docName(doc);
    for (const problem of problems) process.stderr.write(`${name}: ${problem}\n`);
    failed ||= problems.length > 0;
    if (text !== current) writeFileSync(doc, text);
    process.stdout.write(
      `${name}: ${quotedFigures(current).length} figures, ${text === current ? 'unchanged' : 'rewritten'}\n`,
    );
  }
  process.exit(failed ? 1 : 0);
}
