import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIM_FIELDS_FILE, CIM_MODELS, type CimModels } from '../siem/splunk/cim.ts';

/**
 * Generates `siem/splunk/cim-fields.json` from the Splunk Common Information Model's own data model
 * definitions (the Splunk_SA_CIM add-on's `default/data/models/<Model>.json`, as Splunkbase ships
 * it):
 *
 *   npm run gen:cim -- <Splunk_SA_CIM>/default/data/models "<where the files came from>"
 *
 * Per dataset: its parent, the tags that constrain it, and the fields the model marks `recommended`
 * (what an add-on must map, in Splunk's words) with their expected values.
 */
const [dir, origin] = process.argv.slice(2);
if (dir === undefined || origin === undefined) {
  process.stderr.write('usage: npm run gen:cim -- <folder of CIM data model JSON files> "<their source>"\n');
  process.exit(2);
}

interface ModelField {
  fieldName: string;
  comment?: { recommended?: boolean; expected_values?: string[] };
}
interface ModelObject {
  objectName: string;
  parentName: string;
  comment?: { tags?: string[] };
  fields?: ModelField[];
  calculations?: Array<{ outputFields?: ModelField[] }>;
  constraints?: Array<{ search: string }>;
}

const output: CimModels = {
  source: origin,
  regenerate: 'npm run gen:cim -- <folder> "<source>"',
  models: {},
};
for (const model of CIM_MODELS) {
  const json = JSON.parse(readFileSync(join(dir, `${model}.json`), 'utf8')) as { objects: ModelObject[] };
  output.models[model] = json.objects.map((object) => {
    const fields = [
      ...(object.fields ?? []),
      ...(object.calculations ?? []).flatMap((c) => c.outputFields ?? []),
    ];
    return {
      dataset: object.objectName,
      parent: object.parentName,
      tags: object.comment?.tags ?? [],
      constraint: object.constraints?.[0]?.search ?? '',
      recommended: fields
        .filter((f) => f.comment?.recommended === true)
        .map((f) => ({
          field: f.fieldName,
          ...(f.comment?.expected_values === undefined ? {} : { expected: f.comment.expected_values }),
        }))
        .sort((a, b) => a.field.localeCompare(b.field)),
    };
  });
}
writeFileSync(CIM_FIELDS_FILE, `${JSON.stringify(output, null, 1)}\n`);
process.stdout.write(`${CIM_FIELDS_FILE} written: ${CIM_MODELS.join(', ')}\n`);
