// Prints vitest's JSON results as one closing line, "N passed, N failed, N skipped", for CI.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/test-results.json';
if (!existsSync(file)) {
  console.log('tests: 0 passed, 1 failed (no results file: the test run did not finish)');
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
