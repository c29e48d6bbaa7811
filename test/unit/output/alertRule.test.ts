import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The alert rule is stated once, in docs/output.md; the README promises it word for word. */
const paragraph = (file: string) => {
  const text = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
  const start = text.indexOf('**One alert per incident.**');
  return start === -1 ? undefined : text.slice(start, text.indexOf('\n\n', start));
};

describe('the alert rule', () => {
  it('reads the same in the README as in docs/output.md', () => {
    const rule = paragraph('docs/output.md');
    expect(rule).toContain('exactly one record carries `alert = true`');
    expect(paragraph('README.md')).toBe(rule);
  });
});
