import { inlineBar, leadingFamilies, perDaySeries, stackedBars } from './charts.ts';
import { escapeHtml as e } from './escape.ts';
import { ALL_SINCE, ALL_UNTIL, type ConsoleSection, type Headline, type Report } from './model.ts';

/** A count as people read it: 2,348; an unknown one (no snapshot of the Canaries) as a dash, not 0. */
export function n(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en');
}

/** Marks a file this command wrote: `report` overwrites such a file, and refuses any other. */
export const REPORT_GENERATOR = 'canary-collector report';

/**
 * The report as one self-contained HTML file: no script, no request (the page's Content-Security-Policy
 * forbids both), charts as inline SVG, a print style that starts each console on a new page. The
 * figures and rows carry `data-figure` and `data-row` attributes, for a reader that checks them.
 */
export function reportHtml(report: Report): string {
  const fleet = report.consoles.length > 1;
  // the report's leading families: each keeps its fill in every chart
  const families = leadingFamilies(report.fleet.perDay);
  const title =
    report.console !== undefined
      ? `Canary report: ${report.console}`
      : fleet
        ? `Canary report: ${report.consoles.length} consoles`
        : `Canary report${report.consoles[0] === undefined ? '' : `: ${report.consoles[0].name}`}`;
  const body = [
    `<header><h1>${e(title)}</h1><p class="range">${e(rangeText(report))}</p></header>`,
    report.consoles.length === 0 ? '<p class="empty">No records in this range.</p>' : '',
    fleet ? fleetSection(report, families) : '',
    ...report.consoles.map((section, i) => consoleSection(section, report, families, i, fleet)),
    `<footer>Generated ${e(report.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))} by ${REPORT_GENERATOR} from ${e(report.engine)}. Every figure comes from the shipped SQL (siem/athena/report_*.sql). Times are UTC.</footer>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${REPORT_GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style></head>
<body>
${body.filter((part) => part !== '').join('\n')}
</body></html>
`;
}

function rangeText(report: Report): string {
  const days = report.fleet.perDay.map((row) => row.day).sort();
  const seen = days.length === 0 ? '' : `: incidents from ${days[0]} to ${days[days.length - 1]}`;
  const from = report.since === ALL_SINCE ? undefined : instantText(report.since);
  // --to 2026-01-31 is stored as the start of the next day (excluded): show the day it names
  const to =
    report.until === ALL_UNTIL
      ? undefined
      : report.until.endsWith('T00:00:00.000Z')
        ? new Date(Date.parse(report.until) - 1).toISOString().slice(0, 10)
        : `before ${instantText(report.until)}`;
  if (from === undefined && to === undefined) return `All records${seen}`;
  if (to === undefined) return `From ${from}${seen}`;
  if (from === undefined) return `Until ${to}${seen}`;
  return `${from} to ${to}${seen}`;
}

function instantText(iso: string): string {
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** The headline cards; "offline now" only when the range runs to now (else: at its end). */
function cards(headline: Headline, scope: string, report: Report): string {
  const labels: Array<[keyof Headline, string]> = [
    ['incidents', 'Incidents'],
    ['alertingIncidents', 'Alerting incidents'],
    ['attackerSources', 'Attacker sources'],
    ['canariesTouched', 'Canaries attacked'],
    ['tokensTriggered', 'Canarytokens that fired'],
    ['birdsOffline', report.until === ALL_UNTIL ? 'Canaries offline now' : 'Canaries offline at the end'],
  ];
  return `<div class="cards">${labels
    .map(([key, label]) => {
      return `<div class="card"><div class="figure" data-figure="${e(`${scope}.${key}`)}">${n(headline[key])}</div><div class="label">${e(label)}</div></div>`;
    })
    .join('')}</div>`;
}

function fleetSection(report: Report, families: string[]): string {
  const rows = report.consoles
    .map((c) => {
      const h = c.headline;
      const cells = [
        h.incidents,
        h.alertingIncidents,
        h.attackerSources,
        h.canariesTouched,
        h.tokensTriggered,
        h.birdsOffline,
      ]
        .map((value) => `<td class="n">${n(value)}</td>`)
        .join('');
      return `<tr data-row="fleet.consoles"><td>${e(c.name)}</td>${cells}</tr>`;
    })
    .join('');
  return `<section class="fleet"><h2>Across ${report.consoles.length} consoles</h2>
${cards(report.fleet.headline, 'fleet', report)}
${stackedBars(perDaySeries(report.fleet.perDay, report.since, report.until, families), 'fleet', 'Incidents by family, all consoles')}
<h3>Consoles</h3>
<table><thead><tr><th>Console</th><th>Incidents</th><th>Alerting</th><th>Attacker sources</th><th>Canaries attacked</th><th>Canarytokens that fired</th><th>Canaries offline</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function consoleSection(
  c: ConsoleSection,
  report: Report,
  families: string[],
  index: number,
  fleet: boolean,
): string {
  const scope = `console.${c.name}`;
  const id = `c${index}`;
  const parts = [
    `<section class="console" data-console="${e(c.name)}"><h2>${fleet ? 'Console ' : ''}${e(c.name)}</h2>`,
    cards(c.headline, scope, report),
    stackedBars(perDaySeries(c.perDay, report.since, report.until, families), id, 'Incidents by family'),
    sourcesTable(c, scope),
    canariesTable(c, scope),
    tokensTable(c, scope),
    birdsTable(c, scope),
    auditTables(c, scope),
    '</section>',
  ];
  return parts.join('\n');
}

/** "showing 50 of 2,348": a table that holds the first rows of more. */
function shown(rows: number, all: number): string {
  return all > rows ? ` <span class="muted">(the first ${n(rows)} of ${n(all)})</span>` : '';
}

function sourcesTable(c: ConsoleSection, scope: string): string {
  if (c.sources.length === 0) return '<h3>Attacker sources</h3><p class="empty">No attacks on Canaries.</p>';
  const rows = c.sources
    .map(
      (r) =>
        `<tr data-row="${e(`${scope}.sources`)}"><td>${e(r.src_ip)}</td><td class="n">${n(r.canaries)}</td><td class="wrap">${e(r.canary_names)}</td><td class="n">${n(r.incidents)}</td><td>${e(when(r.first_seen))}</td><td>${e(when(r.last_seen))}</td></tr>`,
    )
    .join('');
  return `<h3>Attacker sources${shown(c.sources.length, c.sourcesInAll)}</h3>
<p class="note">One source on many Canaries first: that is an attacker moving through the network, or a sweep.</p>
<table><thead><tr><th>Source</th><th>Canaries</th><th>Canaries touched</th><th>Incidents</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function canariesTable(c: ConsoleSection, scope: string): string {
  if (c.canaries.length === 0) return '';
  const max = Math.max(...c.canaries.map((r) => r.incidents));
  const rows = c.canaries
    .map(
      (r) =>
        `<tr data-row="${e(`${scope}.canaries`)}"><td>${e(r.canary_name)}</td><td class="bar-cell">${inlineBar(r.incidents, max)}</td><td class="n">${n(r.sources)}</td><td>${e(when(r.last_incident))}</td></tr>`,
    )
    .join('');
  return `<h3>Canaries by incidents${shown(c.canaries.length, c.canariesInAll)}</h3>
<table><thead><tr><th>Canary</th><th>Incidents</th><th>Sources</th><th>Last incident</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function tokensTable(c: ConsoleSection, scope: string): string {
  if (c.tokens.length === 0) return '<h3>Canarytoken triggers</h3><p class="empty">None.</p>';
  const rows = c.tokens
    .map(
      (r) =>
        `<tr data-row="${e(`${scope}.tokens`)}"><td>${e(when(r.time))}</td><td>${e(r.kind ?? '')}</td><td class="wrap">${e(r.memo ?? '')}</td><td>${e(r.src_ip ?? '')}</td></tr>`,
    )
    .join('');
  return `<h3>Canarytoken triggers${shown(c.tokens.length, c.tokensInAll)}</h3>
<table><thead><tr><th>When</th><th>Kind</th><th>Memo</th><th>From</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function birdsTable(c: ConsoleSection, scope: string): string {
  if (c.birds.length === 0)
    return '<h3>Canary health</h3><p class="empty">No snapshot of the Canaries in this range.</p>';
  const rows = c.birds
    .map(
      (r) =>
        `<tr data-row="${e(`${scope}.birds`)}" class="${r.live === false ? 'offline' : ''}"><td>${e(r.name ?? r.bird_id)}</td><td>${r.live === false ? '<strong>offline</strong>' : r.live === true ? 'online' : 'unknown'}</td><td>${e(when(r.last_seen ?? ''))}</td><td>${e(r.location ?? '')}</td></tr>`,
    )
    .join('');
  return `<h3>Canary health <span class="muted">(each Canary as its latest snapshot in the range had it)</span></h3>
<table><thead><tr><th>Canary</th><th>State</th><th>Last seen</th><th>Location</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function auditTables(c: ConsoleSection, scope: string): string {
  if (c.audit.length === 0)
    return '<h3>Audit activity</h3><p class="empty">No audit entries in this range.</p>';
  const summary = c.audit
    .map(
      (r) =>
        `<tr data-row="${e(`${scope}.audit`)}"><td>${e(r.kind)}</td><td>${e(r.action)}</td><td class="n">${n(r.entries)}</td><td class="wrap">${e(r.by_whom ?? '')}</td><td>${e(when(r.first))}</td><td>${e(when(r.last))}</td></tr>`,
    )
    .join('');
  const changes = c.changes
    .map(
      (r) =>
        `<tr data-row="${e(`${scope}.changes`)}"><td>${e(when(r.time))}</td><td>${e(r.action)}</td><td>${e(r.actor ?? '')}</td><td class="wrap">${e(r.message ?? '')}</td></tr>`,
    )
    .join('');
  return `<h3>Audit activity</h3>
<table><thead><tr><th>Kind</th><th>Action</th><th>Entries</th><th>By</th><th>First</th><th>Last</th></tr></thead><tbody>${summary}</tbody></table>
${
  changes === ''
    ? ''
    : `<h3>Changes to users, API keys and settings${shown(c.changes.length, c.changesInAll)}</h3>
<table><thead><tr><th>When</th><th>Action</th><th>By</th><th>Entry</th></tr></thead><tbody>${changes}</tbody></table>`
}`;
}

/** An ISO time as a person reads it: "2026-01-02 00:58:00". */
function when(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

const STYLE = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111;margin:24px auto;max-width:1000px;padding:0 16px}
h1{font-size:22px;margin:0}h2{font-size:18px;border-bottom:2px solid #111;padding-bottom:2px;margin-top:32px}h3{font-size:14px;margin:20px 0 6px}
.range{color:#444;margin:2px 0 0}.muted{color:#555;font-weight:normal}.note{color:#444;margin:0 0 6px}.empty{color:#555;font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.card{border:1px solid #999;padding:8px 12px;min-width:120px;flex:1}
.card .figure{font-size:24px;font-weight:700}.card .label{color:#333}
table{border-collapse:collapse;width:100%;margin-bottom:8px}th,td{border-bottom:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{border-bottom:1.5px solid #111;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}td.wrap{word-break:break-word;max-width:360px}
tr.offline td{font-weight:600}td.bar-cell{white-space:nowrap}
figure.chart{margin:8px 0}figure.chart figcaption{color:#333}svg text{font:10px system-ui,sans-serif;fill:#111}
svg text.value,svg text.tick{text-anchor:middle}svg text.axis{text-anchor:end}
ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px}ul.legend li{display:flex;align-items:center;gap:4px}
svg.swatch{vertical-align:middle}
footer{margin-top:32px;color:#444;font-size:11px;border-top:1px solid #999;padding-top:6px}
@page{size:A4;margin:12mm}
@media print{body{margin:0;max-width:none}section.console{break-before:page}tr,figure,.cards{break-inside:avoid}h2,h3{break-after:avoid}}
`;
