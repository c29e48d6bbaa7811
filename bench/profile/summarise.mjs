// Sums a .cpuprofile's self time by function and by file: `node bench/profile/summarise.mjs <file> [top]`.
import { readFileSync } from 'node:fs';

const [file, topText = '30'] = process.argv.slice(2);
const top = Number(topText);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fns = new Map();
const files = new Map();
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const where =
    f.url === ''
      ? '(native)'
      : f.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^file:\/\/.*?\/work\/main\//, '');
  const fn = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  fns.set(fn, (fns.get(fn) ?? 0) + us);
  const fileKey = where.startsWith('node_modules/')
    ? where
        .split('/')
        .slice(0, where.includes('/@') ? 3 : 2)
        .join('/')
    : where;
  files.set(fileKey, (files.get(fileKey) ?? 0) + us);
}
const print = (title, map) => {
  console.log(`\n${title} (total ${(total / 1e6).toFixed(2)} s)`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${(us / 1e3).toFixed(0).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`,
    );
};
print('self time by function', fns);
print('self time by file', files);
