// Sums a .heapprofile's sampled allocations by function: `node bench/profile/heapSummary.mjs <file> [top]`.
// (--heap-prof samples what is allocated, alive or not: where the garbage that lifts RSS comes from.)
import { readFileSync } from 'node:fs';

const [file, topText = '30'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const sums = new Map();
let total = 0;
const walk = (node) => {
  const f = node.callFrame;
  const where =
    f.url === ''
      ? '(native)'
      : f.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^file:\/\/.*?\/work\/main\//, '');
  const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  sums.set(key, (sums.get(key) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) walk(child);
};
walk(profile.head);
console.log(`sampled allocations: ${(total / 1048576).toFixed(1)} MB`);
for (const [k, bytes] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, Number(topText)))
  console.log(
    `${(bytes / 1048576).toFixed(1).padStart(8)} MB ${((bytes / total) * 100).toFixed(1).padStart(5)}%  ${k}`,
  );
