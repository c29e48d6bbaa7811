import { readFileSync, writeFileSync } from 'node:fs';
import type { OutputRecord } from '#lib/core/ports.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { sampleRecords } from './fields.ts';

/**
 * The examples docs/output.md shows, taken from what the real normalizers make of the simulator's
 * data set (the one the field dictionary is made from), so they cannot show old names or fields.
 * `npm run docs:examples` writes them between the file's example markers; a unit test compares.
 */
export const OUTPUT_DOC = 'docs/output.md';

const canaryOf = (record: OutputRecord) => record.canary as Record<string, unknown>;
const descriptionOf = (record: OutputRecord) => canaryOf(record).description as Record<string, unknown>;

function pick(records: OutputRecord[], what: string, test: (record: OutputRecord) => boolean): OutputRecord {
  const found = records.find(test);
  if (found === undefined) throw new Error(`the sample data set has no ${what}`);
  return found;
}

/** Each example block's name and its text (JSON, shortened where the doc says so). */
export function outputExamples(): Record<string, string> {
  const records = sampleRecords();
  const ssh = pick(
    records,
    'SSH incident',
    (r) => r.source === 'incident' && r.logtype === 4001 && r.part === undefined,
  );
  // events shortened to the first, as the doc says
  const events = (descriptionOf(ssh).events as unknown[]).slice(0, 1);
  const native = { ...ssh, canary: { ...canaryOf(ssh), description: { ...descriptionOf(ssh), events } } };
  const token = pick(
    records,
    'token incident',
    (r) => r.source === 'incident' && (r.normalized as { canarytoken?: unknown }).canarytoken != null,
  );
  const action = (r: OutputRecord) => canaryOf(r).action_type;
  const perClass = [
    token,
    pick(records, 'login', (r) => r.source === 'audit' && action(r) === 'user_login'),
    pick(records, 'audit action', (r) => r.source === 'audit' && action(r) === 'flock_move'),
    pick(records, 'bird', (r) => r.source === 'bird'),
    pick(records, 'Canarytoken', (r) => r.source === 'token'),
  ].map((record) => {
    const event = toOcsf(record) as Record<string, unknown>;
    const unmapped = event.unmapped as { canary?: Record<string, unknown> } | undefined;
    const key = record.source === 'token' ? 'canarytoken' : 'id';
    // the Canary object shortened to its id, as the doc says
    return JSON.stringify({ ...event, unmapped: { ...unmapped, canary: { [key]: '…' } } });
  });
  return { 'native-incident': JSON.stringify(native, null, 2), 'ocsf-per-class': perClass.join('\n') };
}

/** `text` with each example block replaced by `examples`' version of it. */
export function withExamples(text: string, examples: Record<string, string>): string {
  let out = text;
  for (const [name, body] of Object.entries(examples)) {
    const start = `<!-- example:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf('<!-- /example -->', from);
    if (from < 0 || to < 0) throw new Error(`${OUTPUT_DOC} has no block ${start} … <!-- /example -->`);
    out = `${out.slice(0, from + start.length)}\n\`\`\`json\n${body}\n\`\`\`\n${out.slice(to)}`;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OUTPUT_DOC, withExamples(readFileSync(OUTPUT_DOC, 'utf8'), outputExamples()));
  console.log(`${OUTPUT_DOC}: examples written from the sample data set`);
}
