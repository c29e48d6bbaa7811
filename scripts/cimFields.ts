import { writeFileSync } from 'node:fs';
import { CIM_FIELDS_FILE, CIM_MODELS, type CimModels } from '#siem/splunk/cim.ts';
import { gitRepository } from './gitRepo.ts';

/**
 * Generates `siem/splunk/cim-fields.json` from Splunk's own CIM compliance definitions: the data model
 * files of pytest-splunk-addon (https://github.com/splunk/pytest-splunk-addon,
 * `pytest_splunk_addon/data_models/<Model>.json`), the tool Splunk tests add-ons' CIM mappings with.
 *
 *   git clone https://github.com/splunk/pytest-splunk-addon /tmp/psa
 *   npm run gen:cim -- /tmp/psa
 *
 * Per dataset: its tags, its constraint, and the fields the model requires (always, or under a
 * condition), with their expected values; optional fields are left out.
 */
const git = gitRepository('npm run gen:cim -- <path to a clone of splunk/pytest-splunk-addon>');
const commit = git('rev-parse', 'HEAD').trim();

interface PsaModel {
  objects: Array<{
    name: string;
    tags: string[][];
    search_constraints?: string;
    child_dataset?: PsaModel['objects'];
    fields: Array<{ name: string; type: string; expected_values?: string[]; condition?: string }>;
  }>;
}

const output: CimModels = {
  repository: 'https://github.com/splunk/pytest-splunk-addon',
  commit,
  regenerate: 'npm run gen:cim -- <path to a clone of splunk/pytest-splunk-addon>',
  models: {},
};
for (const model of CIM_MODELS) {
  const json = JSON.parse(git('show', `${commit}:pytest_splunk_addon/data_models/${model}.json`)) as PsaModel;
  const datasets: CimModels['models'][string] = [];
  const walk = (objects: PsaModel['objects'], parent: string) => {
    for (const object of objects) {
      datasets.push({
        dataset: object.name,
        parent,
        tags: object.tags,
        constraint: object.search_constraints ?? '',
        fields: object.fields
          .filter((f) => f.type === 'required' || f.type === 'conditional')
          .map((f) => ({
            field: f.name,
            type: f.type as 'required' | 'conditional',
            ...(f.expected_values === undefined ? {} : { expected: f.expected_values }),
            ...(f.condition === undefined ? {} : { condition: f.condition.trim() }),
          })),
      });
      walk(object.child_dataset ?? [], object.name);
    }
  };
  walk(json.objects, '');
  output.models[model] = datasets;
}
writeFileSync(CIM_FIELDS_FILE, `${JSON.stringify(output, null, 1)}\n`);
process.stdout.write(
  `${CIM_FIELDS_FILE} written: ${CIM_MODELS.join(', ')} (pytest-splunk-addon ${commit.slice(0, 12)})\n`,
);
