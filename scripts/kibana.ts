import { writeFileSync } from 'node:fs';
import { ecsFields } from '#siem/elastic/fields.ts';
import { CUSTOM_FIELD_TYPES, KIBANA_FILE, kibanaSavedObjects, lensDataType } from '#siem/elastic/kibana.ts';

/**
 * `npm run gen:kibana`: writes the Kibana saved objects (siem/elastic/kibana/thinkst-canary.ndjson)
 * from the panels in siem/elastic/kibana.ts, with each field's type from the ECS definitions
 * (siem/elastic/ecs-fields.json) or, for the custom `thinkst_canary.*` fields, from CUSTOM_FIELD_TYPES.
 */
export function fieldType(field: string): string {
  const ecs = ecsFields().fields[field]?.type ?? CUSTOM_FIELD_TYPES[field];
  if (ecs === undefined) throw new Error(`${field}: neither an ECS field nor a known custom field`);
  return lensDataType(ecs);
}

if (process.argv[1]?.endsWith('kibana.ts')) {
  writeFileSync(KIBANA_FILE, kibanaSavedObjects(fieldType));
  process.stdout.write(`${KIBANA_FILE} written\n`);
}
