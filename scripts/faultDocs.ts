import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `npm run docs:faults`: copies the tables the last `npm run test:faults` wrote (reports/: the fault
 * matrix, against documented and varied replies, and the bad inputs) into docs/reliability.md and
 * docs/errors.md, between their markers, so the pages show what was measured.
 */
const SECTIONS: Array<[doc: string, marker: string, report: string]> = [
  ['docs/reliability.md', 'faults', 'reports/fault-matrix.md'],
  ['docs/reliability.md', 'faults-varied', 'reports/fault-matrix-varied.md'],
  ['docs/errors.md', 'bad-inputs', 'reports/bad-inputs.md'],
];

for (const [DOC, marker, report] of SECTIONS) {
  let doc = readFileSync(DOC, 'utf8');
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the ${start} … ${end} markers`);
  const table = readFileSync(report, 'utf8').trim();
  doc = `${doc.slice(0, from + start.length)}\n${table}\n${doc.slice(to)}`;
  writeFileSync(DOC, doc);
  process.stdout.write(`${DOC} written from ${report}\n`);
}
