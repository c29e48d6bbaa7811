import { readFileSync, writeFileSync } from 'node:fs';
import { VARIANTS } from '#fakes/simulator/variants.ts';

/**
 * `npm run docs:api`: the reply-variant table of docs/console-api.md, from the simulator's list of
 * variants (fakes/simulator/variants.ts), which the tests serve one by one and as a mix.
 */
export const CONSOLE_API_DOC = new URL('../docs/console-api.md', import.meta.url);
const START = '<!-- variants:start -->';
const END = '<!-- variants:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function variantTable(): string {
  const rows = VARIANTS.map(
    (v) =>
      `| \`${v.id}\` | ${v.endpoints.map((e) => `\`${e}\``).join(' ')} | ${cell(v.what)} | ${cell(v.seen)} | ${cell(v.handled)} | ${v.mix ? 'yes' : 'no'} |`,
  );
  return [
    '| id | endpoints | variant | where seen | how the collector handles it | in the mix |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The document with its generated section replaced by the current table. */
export function consoleApiDoc(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/console-api.md lacks the ${START} … ${END} markers`);
  return `${current.slice(0, start + START.length)}\n${variantTable()}\n${current.slice(end)}`;
}

if (process.argv[1]?.endsWith('consoleApi.ts')) {
  writeFileSync(CONSOLE_API_DOC, consoleApiDoc(readFileSync(CONSOLE_API_DOC, 'utf8')));
  process.stdout.write('docs/console-api.md written\n');
}
