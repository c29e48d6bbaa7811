import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT_DOC, outputExamples, withExamples } from '#scripts/outputExamples.ts';

describe('the examples in docs/output.md', () => {
  it('are what the normalizers make of the sample data set today (npm run docs:examples)', () => {
    const text = readFileSync(OUTPUT_DOC, 'utf8');
    expect(text).toBe(withExamples(text, outputExamples()));
  });

  it('show a Canary of the inventory and every OCSF class the mapping has', () => {
    const examples = outputExamples();
    const native = JSON.parse(examples['native-incident'] as string);
    expect(native.normalized.canary_name).toMatch(/^[A-Z]+-\d{4}$/);
    const classes = (examples['ocsf-per-class'] as string)
      .split('\n')
      .map((line) => JSON.parse(line).class_uid);
    expect(classes).toEqual([2004, 3002, 6003, 5001, 5023]);
  });

  it('refuses a doc whose example block is missing', () => {
    expect(() => withExamples('no markers here', { 'native-incident': '{}' })).toThrow(/no block/);
  });
});
