import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELD_DOCS } from '#lib/output/native/fieldDocs.ts';
import { fieldDictionary, fieldsOf, nativeTableColumns, sampleRecords } from '#scripts/fields.ts';

describe('the field dictionary', () => {
  it('docs/fields.md is what the code produces (npm run docs:fields rewrites it)', () => {
    const committed = readFileSync(new URL('../../../docs/fields.md', import.meta.url), 'utf8');
    expect(committed).toBe(fieldDictionary());
  });

  it('siem/athena/tables.json (the Glue columns) is what the code produces (npm run docs:fields rewrites it)', () => {
    const committed = readFileSync(new URL('../../../siem/athena/tables.json', import.meta.url), 'utf8');
    expect(committed).toBe(nativeTableColumns());
  });

  it('every field the normalizers produce has a meaning, and every meaning a field', () => {
    const produced = [...fieldsOf(sampleRecords()).keys()].sort();
    expect(produced.filter((path) => FIELD_DOCS[path] === undefined)).toEqual([]);
    expect(Object.keys(FIELD_DOCS).filter((path) => !produced.includes(path))).toEqual([]);
  });
});
