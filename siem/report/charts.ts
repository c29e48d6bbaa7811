import { escapeHtml } from './escape.ts';
import { ALL_SINCE, ALL_UNTIL, type PerDayRow } from './model.ts';

/**
 * The report's charts, as inline SVG: no script, nothing fetched, and printable. Each series has a
 * fill pattern of its own as well as a shade and every bar carries its number, so a chart reads the
 * same in black and white.
 */

/** Families drawn on their own; the rest are summed as "other". */
const SERIES_SHOWN = 6;

/** Fills, darkest first; the patterns are defined once per chart (ids are per chart, see `defs`). */
const FILLS = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical', 'light'] as const;

function defs(id: string): string {
  const pattern = (name: string, body: string) =>
    `<pattern id="${id}-${name}" width="6" height="6" patternUnits="userSpaceOnUse">${body}</pattern>`;
  return `<defs>${[
    pattern(
      'diagonal',
      '<rect width="6" height="6" fill="#fff"/><path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#333" stroke-width="1.4"/>',
    ),
    pattern('dots', '<rect width="6" height="6" fill="#ddd"/><circle cx="3" cy="3" r="1.4" fill="#222"/>'),
    pattern(
      'cross',
      '<rect width="6" height="6" fill="#fff"/><path d="M0,3 h6 M3,0 v6" stroke="#555" stroke-width="1"/>',
    ),
    pattern(
      'horizontal',
      '<rect width="6" height="6" fill="#eee"/><path d="M0,1.5 h6 M0,4.5 h6" stroke="#444" stroke-width="1"/>',
    ),
    pattern(
      'vertical',
      '<rect width="6" height="6" fill="#fff"/><path d="M1.5,0 v6 M4.5,0 v6" stroke="#777" stroke-width="1"/>',
    ),
  ].join('')}</defs>`;
}

function fill(id: string, index: number): string {
  const name = FILLS[Math.min(index, FILLS.length - 1)];
  if (name === 'solid') return '#2b2b2b';
  if (name === 'light') return '#c8c8c8';
  return `url(#${id}-${name})`;
}

/** A legend swatch: the same fill as the bars (the chart's patterns: their ids are the page's). */
function swatch(id: string, index: number): string {
  return `<svg class="swatch" width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${fill(id, index)}" stroke="#000" stroke-width="0.5"/></svg>`;
}

export interface Bucket {
  label: string;
  /** Incidents per series, in the order of `series`. */
  values: number[];
  total: number;
}

export interface StackedSeries {
  /** Each series' name and fill: a family keeps its fill in every chart of one report. */
  series: Array<{ name: string; fill: number }>;
  buckets: Bucket[];
  /** "day" or "week": long ranges are drawn per week so that every bar stays readable. */
  unit: 'day' | 'week';
  totals: number[];
}

/** The families that get a series of their own, the most incidents first (the rest are "other"). */
export function leadingFamilies(rows: PerDayRow[]): string[] {
  const byFamily = new Map<string, number>();
  for (const row of rows) byFamily.set(row.family, (byFamily.get(row.family) ?? 0) + row.incidents);
  const ranked = [...byFamily.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return (ranked.length <= SERIES_SHOWN + 1 ? ranked : ranked.slice(0, SERIES_SHOWN)).map(
    ([family]) => family,
  );
}

/**
 * Incidents per day by family, made ready to draw: the `families` (the report's leading ones, so
 * that a family looks the same in every console's chart) get series of their own, the rest one
 * "other"; every day of the range is a bucket, an empty one too (a quiet day is news), per week when
 * the range is longer than a quarter. A series with nothing in this chart is left out, its fill kept.
 */
export function perDaySeries(
  rows: PerDayRow[],
  since: string,
  until: string,
  families: string[],
): StackedSeries {
  const all = [...families.map((name, fill) => ({ name, fill })), { name: 'other', fill: FILLS.length - 1 }];
  const slot = (family: string) => {
    const at = families.indexOf(family);
    return at === -1 ? all.length - 1 : at;
  };
  const days = dayRange(rows, since, until);
  const unit = days.length > 92 ? 'week' : 'day';
  const bucketOf = (day: string) => (unit === 'day' ? day : weekStart(day));
  const buckets = new Map<string, Bucket>();
  for (const day of days) {
    const label = bucketOf(day);
    if (!buckets.has(label)) buckets.set(label, { label, values: all.map(() => 0), total: 0 });
  }
  for (const row of rows) {
    const bucket = buckets.get(bucketOf(row.day));
    if (bucket === undefined) continue;
    bucket.values[slot(row.family)] = (bucket.values[slot(row.family)] ?? 0) + row.incidents;
    bucket.total += row.incidents;
  }
  const ordered = [...buckets.values()];
  const totals = all.map((_, i) => ordered.reduce((sum, bucket) => sum + (bucket.values[i] ?? 0), 0));
  const kept = all.map((_, i) => i).filter((i) => (totals[i] ?? 0) > 0);
  return {
    series: kept.map((i) => all[i] as { name: string; fill: number }),
    buckets: ordered.map((bucket) => ({ ...bucket, values: kept.map((i) => bucket.values[i] ?? 0) })),
    unit,
    totals: kept.map((i) => totals[i] ?? 0),
  };
}

/**
 * The days to draw: from the range's first day to its last; an open end (no --from, no --to) stops at
 * the first or last day with data, as an all-time report would otherwise draw decades.
 */
function dayRange(rows: PerDayRow[], since: string, until: string): string[] {
  const withData = rows.map((row) => row.day).sort();
  const first = withData[0];
  const last = withData[withData.length - 1];
  if (first === undefined || last === undefined) return [];
  let from = since === ALL_SINCE ? first : since.slice(0, 10);
  let to = until === ALL_UNTIL ? last : new Date(Date.parse(until) - 1).toISOString().slice(0, 10);
  // a range of more than ten years is drawn from its first to its last day with data
  if (Date.parse(to) - Date.parse(from) > 3660 * 86_400_000) {
    from = first < from ? from : first;
    to = last > to ? to : last;
  }
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The Monday of a day's ISO week. */
function weekStart(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/** The stacked bar chart of `perDaySeries`, with its legend. `id` makes its pattern ids unique. */
export function stackedBars(data: StackedSeries, id: string, caption: string): string {
  if (data.buckets.length === 0) return '<p class="empty">No incidents in this range.</p>';
  const width = 760;
  const height = 220;
  const left = 44;
  const bottom = 34;
  const top = 16;
  const plot = height - bottom - top;
  let max = 1;
  for (const bucket of data.buckets) max = Math.max(max, bucket.total);
  const step = (width - left - 8) / data.buckets.length;
  const barWidth = Math.min(48, Math.max(1, step * 0.78));
  const every = Math.max(1, Math.ceil(data.buckets.length / 12));
  const parts: string[] = [];
  data.buckets.forEach((bucket, i) => {
    const x = left + i * step + (step - barWidth) / 2;
    let y = top + plot;
    bucket.values.forEach((value, s) => {
      if (value === 0) return;
      const h = (value / max) * plot;
      y -= h;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${fill(id, data.series[s]?.fill ?? 0)}" stroke="#000" stroke-width="0.4"><title>${escapeHtml(`${bucket.label} ${data.series[s]?.name}: ${value}`)}</title></rect>`,
      );
    });
    if (bucket.total > 0 && (data.buckets.length <= 31 || i % every === 0)) {
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(top + plot - (bucket.total / max) * plot - 3).toFixed(1)}" class="value">${bucket.total.toLocaleString('en')}</text>`,
      );
    }
    if (i % every === 0) {
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 14}" class="tick">${escapeHtml(bucket.label.slice(5))}</text>`,
      );
    }
  });
  const axis = `<line x1="${left}" y1="${top + plot}" x2="${width - 4}" y2="${top + plot}" stroke="#000"/><text x="${left - 6}" y="${top + 4}" class="axis">${max.toLocaleString('en')}</text><text x="${left - 6}" y="${top + plot}" class="axis">0</text>`;
  const unitLabel = data.unit === 'day' ? 'per day' : 'per week (weeks start on Monday)';
  const legend = data.series
    .map(
      ({ name, fill: shade }, s) =>
        `<li>${swatch(id, shade)} ${escapeHtml(name)} <span class="muted">${(data.totals[s] ?? 0).toLocaleString('en')}</span></li>`,
    )
    .join('');
  const span = `${data.buckets[0]?.label ?? ''} to ${data.buckets[data.buckets.length - 1]?.label ?? ''}`;
  return `<figure class="chart"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(`${caption}, ${unitLabel}`)}">${defs(id)}${axis}${parts.join('')}<text x="${left}" y="${height - 4}" class="axis-label">${escapeHtml(`${span} · ${unitLabel}`)}</text></svg><figcaption>${escapeHtml(caption)}, ${unitLabel}</figcaption><ul class="legend">${legend}</ul></figure>`;
}

/** A bar inside a table cell: its length is the value's share of the largest, its number beside it. */
export function inlineBar(value: number, max: number): string {
  const width = max > 0 ? Math.max(1, Math.round((value / max) * 120)) : 0;
  return `<svg class="bar" width="122" height="10" aria-hidden="true"><rect width="${width}" height="10" fill="#555"/></svg> ${value.toLocaleString('en')}`;
}
