import { readFileSync } from 'node:fs';
import { FIREHOSE_MAX_RECORD_BYTES } from '#lib/aws/sinks/firehoseSink.ts';
import { hecEvent } from '#lib/aws/sinks/hecEnvelope.ts';
import { toEcs } from '#lib/output/ecs/index.ts';
import { toOcsf } from '#lib/output/ocsf/index.ts';
import { partTargetBytes } from '#lib/output/shared/split.ts';
import { sampleRecords } from '#scripts/fields.ts';
import { customTypeClashes, ecsProblems } from '#siem/elastic/check.ts';
import { ecsFields } from '#siem/elastic/fields.ts';
import { cimModels } from '#siem/splunk/cim.ts';
import { overviewDashboard, withTokens } from '#siem/splunk/dashboard.ts';
import { parseConf, runSearch, searchTimeFields } from '#siem/splunk/emulate.ts';
import { type Figure, writeResults } from './results.ts';

/**
 * The SIEM content on the simulator's full data set (every logtype, oversized incidents, flattened
 * events, audit, birds, tokens): ECS documents valid against the ECS definitions, Splunk events per
 * CIM data model through the add-on, and record sizes against Splunk's TRUNCATE. `npm run bench:siem`.
 */
const lines: string[] = [];
const figures: Record<string, Figure> = {};
const ecs = ecsFields();
const docs = sampleRecords({ partBytes: partTargetBytes('ecs', FIREHOSE_MAX_RECORD_BYTES) }).map(toEcs);
const invalid = docs.filter((d) => ecsProblems(d, ecs).length > 0).length;
Object.assign(figures, {
  ecsVersion: ecs.version,
  ecsDocuments: docs.length,
  ecsValid: docs.length - invalid,
  ecsCustomTypeClashes: customTypeClashes(docs).length,
});
lines.push(
  `ECS ${ecs.version}: ${docs.length} documents, ${docs.length - invalid} valid, custom type clashes ${customTypeClashes(docs).length}`,
);

const dir = new URL('../siem/splunk/TA-thinkst-canary/default/', import.meta.url);
const conf = (name: string) => parseConf(readFileSync(new URL(name, dir), 'utf8'));
const app = { props: conf('props.conf'), eventtypes: conf('eventtypes.conf'), tags: conf('tags.conf') };
const native = sampleRecords();
const events = native.map((r) => {
  const envelope = hecEvent(r);
  return searchTimeFields(app, String(envelope.sourcetype), envelope.event);
});
for (const [model, datasets] of Object.entries(cimModels().models)) {
  const root = datasets.find((d) => d.parent === '');
  const tagged = events.filter((e) => root?.tags.some((all) => all.every((t) => e.get('tag')?.includes(t))));
  figures[`cim.${model}.tagged`] = tagged.length;
  lines.push(
    `CIM ${model}: ${tagged.length} events tagged ${root?.tags.map((t) => t.join('+')).join(' | ')}`,
  );
}
// the dashboard's panels on the same events: how many rows each shows (all consoles)
for (const panel of overviewDashboard()) {
  const rows = runSearch(withTokens(panel.query, { console: '*' }), events);
  figures[`dashboard.${panel.id}.rows`] = rows.length;
  const single = panel.kind === 'single' ? ` (${Object.values(rows[0] ?? {})[0] ?? 'none'})` : '';
  lines.push(`Splunk dashboard ${panel.id} (${panel.kind}): ${rows.length} rows${single}`);
  if (panel.kind === 'single')
    figures[`dashboard.${panel.id}.value`] = Number(Object.values(rows[0] ?? {})[0] ?? 0);
}
const truncate = Number(app.props.get('thinkst:canary:incident')?.get('TRUNCATE'));
for (const format of ['native', 'ocsf', 'ecs'] as const) {
  const map = format === 'ocsf' ? toOcsf : format === 'ecs' ? toEcs : (r: never) => r;
  const sizes = sampleRecords({ partBytes: partTargetBytes(format, FIREHOSE_MAX_RECORD_BYTES) }).map((r) =>
    Buffer.byteLength(JSON.stringify(hecEvent(map(r as never) as never).event)),
  );
  const over10k = sizes.filter((s) => s > 10_000).length;
  Object.assign(figures, {
    [`${format}.records`]: sizes.length,
    [`${format}.over10000`]: over10k,
    [`${format}.largestBytes`]: Math.max(...sizes),
    [`${format}.overTruncate`]: sizes.filter((s) => s > truncate).length,
  });
  lines.push(
    `${format}: ${sizes.length} records, ${over10k} (${((over10k / sizes.length) * 100).toFixed(1)}%) over Splunk's default TRUNCATE of 10,000 bytes, largest ${Math.max(...sizes).toLocaleString('en')} bytes, over the add-on's TRUNCATE ${truncate.toLocaleString('en')}: ${sizes.filter((s) => s > truncate).length}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
writeResults('siem', { ...figures, truncate });
