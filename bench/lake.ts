import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { parquetReady } from '#lib/output/ocsf/parquet.ts';
import { sampleRecords } from '#scripts/fields.ts';
import { rows } from '#siem/athena/engine.ts';
import { misfits, tableType } from '#siem/glue.ts';
import { duckdbOverClasses } from '#siem/securitylake/engine.ts';
import { OCSF_CLASS_TABLES, ocsfGlueSchemas } from '#siem/securitylake/schemas.ts';
import { type Figure, writeResults } from './results.ts';

/**
 * Security Lake readiness over the simulator's full data set (every logtype, oversized incidents,
 * flattened events, audit, birds, tokens): how many OCSF events fit their class's Glue table, and how
 * many DuckDB writes to Parquet with that schema and reads back, per class. `npm run bench:lake`.
 */
const schemas = ocsfGlueSchemas();
const events = sampleRecords().map((record) => parquetReady(toOcsf(record)));
const dir = mkdtempSync(join(tmpdir(), 'canary-lake-bench-'));
const files: Record<number, string> = {};
const lines: string[] = [];
const figures: Record<string, Figure> = {};
let fitting = 0;
for (const c of OCSF_CLASS_TABLES) {
  const columns = schemas.classes[String(c.classUid)]?.columns ?? [];
  const table = tableType(columns);
  const mine = events.filter((e) => e.class_uid === c.classUid);
  const fit = mine.filter((e) => misfits(e, table, '').length === 0);
  fitting += fit.length;
  const file = join(dir, `${c.classUid}.ndjson`);
  writeFileSync(file, mine.map((e) => JSON.stringify(e)).join('\n'));
  files[c.classUid] = file;
  figures[`class.${c.name}.events`] = mine.length;
  figures[`class.${c.name}.fit`] = fit.length;
  lines.push(`${c.classUid} ${c.name}: ${mine.length} events, ${fit.length} fit the Glue table`);
}
const connection = await duckdbOverClasses(files);
let parquetRows = 0;
for (const c of OCSF_CLASS_TABLES) {
  const parquet = join(dir, `${c.name}.parquet`);
  await connection.run(`COPY ocsf_${c.name} TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
  const [count] = await rows(connection, `SELECT count(*) AS n FROM read_parquet('${parquet}')`);
  parquetRows += Number(count?.n);
  figures[`parquet.${c.name}.rows`] = Number(count?.n);
  lines.push(
    `${c.name}.parquet: ${Number(count?.n)} rows, ${statSync(parquet).size.toLocaleString('en')} bytes`,
  );
}
connection.closeSync();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${lines.join('\n')}\nall: ${events.length} OCSF events, ${fitting} fit their class table (${((fitting / events.length) * 100).toFixed(1)}%), ${parquetRows} written to Parquet and read back\n`,
);
writeResults('lake', {
  ...figures,
  events: events.length,
  fitting,
  fittingPercent: Math.round((fitting / events.length) * 1000) / 10,
  parquetRows,
});
