import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../functions/lib/core/errors.ts';

describe('error codes', () => {
  it('are all explained in the README troubleshooting table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Troubleshooting'));
    const missing = Object.keys(ERROR_CODES).filter((code) => !table.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
});
