import { readFileSync, writeFileSync } from 'node:fs';
import { TOKEN_SCRUB_RULE } from '#lib/canary/scrub.ts';
import { CREDENTIAL_RULES } from '#lib/output/shared/credentials.ts';
import { REDACTED, SECRET_NAME_WORDS, SECRET_VALUE_RULES } from '#lib/output/shared/redact.ts';

/**
 * `npm run docs:masked`: the README's "What is masked" table, from the rules the code applies
 * (output/shared/credentials.ts and credentialText.ts for attackers' credentials, redact.ts for
 * Canarytoken inventories, canary/scrub.ts for the console's own token), so the table cannot fall
 * behind them.
 */
export const README = new URL('../README.md', import.meta.url);
const START = '<!-- masked:start -->';
const END = '<!-- masked:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function maskedTable(): string {
  const rows: Array<[string, string]> = [
    ...CREDENTIAL_RULES.map((rule): [string, string] => [rule.where, rule.why]),
    [
      `Canarytoken inventories: any key naming a credential (${SECRET_NAME_WORDS}), at any depth, as "${REDACTED}"`,
      'a token’s own secrets (AWS keys, kubeconfigs, WireGuard keys, renders) would let anyone use or trigger it',
    ],
    [
      `Canarytoken inventories: any value that is one of: ${SECRET_VALUE_RULES.map((rule) => rule.what).join('; ')}`,
      'fields the code has never seen are caught by what they hold',
    ],
    [TOKEN_SCRUB_RULE.where, TOKEN_SCRUB_RULE.why],
  ];
  const intro =
    'Names are compared without case, spaces, `_` or `-` (`Pwd`, `api-key`, `Auth Token`); a named value is replaced whole, free text only where a rule points.';
  return [
    intro,
    '',
    '| what | why |',
    '| --- | --- |',
    ...rows.map(([what, why]) => `| ${cell(what)} | ${cell(why)} |`),
  ].join('\n');
}

/** The README with its generated section replaced by the current table. */
export function readmeWithMaskedTable(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${current.slice(0, start + START.length)}\n${maskedTable()}\n${current.slice(end)}`;
}

if (process.argv[1]?.endsWith('maskedDocs.ts')) {
  writeFileSync(README, readmeWithMaskedTable(readFileSync(README, 'utf8')));
  process.stdout.write('README.md: the "What is masked" table written\n');
}
