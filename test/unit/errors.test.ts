import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '#lib/core/errors.ts';
import { CREDENTIAL_RULES } from '#lib/output/shared/credentials.ts';
import { readmeWithMaskedTable } from '#scripts/maskedDocs.ts';

const doc = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the documents say what the code does', () => {
  it('every error code is explained in docs/errors.md', () => {
    const table = doc('docs/errors.md');
    const missing = Object.keys(ERROR_CODES).filter((code) => !table.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });

  it('the README’s "What is masked" table is the one the rules make (npm run docs:masked rewrites it)', () => {
    const readme = doc('README.md');
    expect(readme).toBe(readmeWithMaskedTable(readme));
    const table = readme.slice(
      readme.indexOf('<!-- masked:start -->'),
      readme.indexOf('<!-- masked:end -->'),
    );
    for (const rule of CREDENTIAL_RULES) expect(table).toContain(`| ${rule.where.replaceAll('|', '\\|')} |`);
  });

  it('every link from the README to docs/ points at a file that exists', () => {
    const readme = doc('README.md');
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(() => doc(link), link).not.toThrow();
  });
});
