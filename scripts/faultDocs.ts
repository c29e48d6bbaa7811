import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `npm run docs:faults`: copies the fault-matrix tables the last `npm run test:faults` wrote
 * (reports/) into docs/reliability.md, between their markers, so the page shows what was measured.
 */
const DOC = 'docs/reliability.md';
const SECTIONS: Array<[marker: string, report: string]> = [
  ['faults', 'reports/fault-matrix.md'],
  ['faults-varied', 'reports/fault-matrix-varied.md'],
];

let doc = readFileSync(DOC, 'utf8');
for (const [marker, report] of SECTIONS) {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the ${start} … ${end} markers`);
  const table = readFileSync(report, 'utf8').trim();
  doc = `${doc.slice(0, from + start.length)}\n${table}\n${doc.slice(to)}`;
}
writeFileSync(DOC, doc);
process.stdout.write(`${DOC} written from ${SECTIONS.map(([, r]) => r).join(' and ')}\n`);
