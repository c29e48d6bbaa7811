import { writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ECS_VERSION } from '#lib/output/ecs/version.ts';
import { ECS_FIELDS_FILE, type EcsFields } from '#siem/elastic/fields.ts';
import { gitRepository } from './gitRepo.ts';

/**
 * Generates `siem/elastic/ecs-fields.json` from the ECS repository itself
 * (https://github.com/elastic/ecs, its flat field definitions `generated/ecs/ecs_flat.yml` at the tag
 * of the ECS version the records declare):
 *
 *   git clone https://github.com/elastic/ecs /tmp/ecs
 *   npm run gen:ecs -- /tmp/ecs
 *
 * Each field keeps its type, whether ECS wants it as an array, and its allowed values (event.kind,
 * event.category with the event.type values each category expects, event.type, event.outcome).
 */
const git = gitRepository('npm run gen:ecs -- <path to a clone of elastic/ecs>');
const tag = `v${ECS_VERSION}`;

interface FlatField {
  type: string;
  normalize?: string[];
  allowed_values?: Array<{ name: string; expected_event_types?: string[] }>;
}
const flat = parse(git('show', `${tag}:generated/ecs/ecs_flat.yml`), { maxAliasCount: -1 }) as Record<
  string,
  FlatField
>;
const output: EcsFields = {
  repository: 'https://github.com/elastic/ecs',
  version: ECS_VERSION,
  commit: git('rev-parse', `${tag}^{commit}`).trim(),
  regenerate: 'npm run gen:ecs -- <path to a clone of elastic/ecs>',
  fields: Object.fromEntries(
    Object.entries(flat)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, field]) => [
        name,
        {
          type: field.type,
          ...(field.normalize?.includes('array') ? { array: true } : {}),
          ...(field.allowed_values === undefined
            ? {}
            : {
                allowed: Object.fromEntries(
                  field.allowed_values.map((v) => [v.name, v.expected_event_types ?? []]),
                ),
              }),
        },
      ]),
  ),
};
writeFileSync(ECS_FIELDS_FILE, `${JSON.stringify(output, null, 1)}\n`);
process.stdout.write(
  `${ECS_FIELDS_FILE} written: ${Object.keys(output.fields).length} fields of ECS ${ECS_VERSION}\n`,
);
