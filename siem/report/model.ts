import * as z from 'zod';
import type { ParameterValues } from '../athena/queries.ts';

/**
 * What a report shows, made only of the rows the report's SQL returns (`siem/athena/report_*.sql`,
 * the same text DuckDB runs locally and Athena runs in a deployment). Nothing here counts records:
 * it sorts the rows by console, and the HTML lays them out.
 */

/** A row as an engine returns it: DuckDB's numbers and booleans, or Athena's text for every value. */
export type Row = Record<string, unknown>;

/** Runs one shipped report query for a range and a console ('' for every console). */
export interface ReportEngine {
  /** What the rows come from, for the report's footer: "DuckDB over out/", "Athena workgroup x". */
  readonly describe: string;
  query(name: ReportQueryName, values: ParameterValues): Promise<Row[]>;
}

/** The range of an all-records report: before and after any time a record can carry. */
export const ALL_SINCE = '1970-01-01T00:00:00.000Z';
export const ALL_UNTIL = '9999-12-31T23:59:59.999Z';

export const REPORT_QUERIES = [
  'report_headline',
  'report_incidents_per_day',
  'report_attacker_sources',
  'report_canaries',
  'report_tokens',
  'report_birds',
  'report_audit',
  'report_audit_changes',
] as const;
export type ReportQueryName = (typeof REPORT_QUERIES)[number];

// Athena returns every value as text and NULL as no value: read both engines' rows alike.
const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const text = z.string();
const maybeText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
const consoleName = z.string();

const headlineRow = z.object({
  console: maybeText,
  incidents: count,
  alerting_incidents: count,
  attacker_sources: count,
  canaries_touched: count,
  tokens_triggered: count,
});
const perDayRow = z.object({ console: maybeText, day: text, family: text, incidents: count });
const sourceRow = z.object({
  console: consoleName,
  rank: count,
  src_ip: text,
  canaries: count,
  canary_names: text,
  incidents: count,
  first_seen: text,
  last_seen: text,
  sources_in_all: count,
});
const canaryRow = z.object({
  console: consoleName,
  rank: count,
  canary_name: text,
  canary_id: text,
  incidents: count,
  sources: count,
  last_incident: text,
  canaries_in_all: count,
});
const tokenRow = z.object({
  console: consoleName,
  rank: count,
  time: text,
  kind: maybeText,
  memo: maybeText,
  src_ip: maybeText,
  canarytoken: maybeText,
  hash_id: maybeText,
  triggers_in_all: count,
});
const birdRow = z.object({
  console: consoleName,
  bird_id: text,
  name: maybeText,
  live: bool.nullish().transform((value) => value ?? null),
  last_seen: maybeText,
  location: maybeText,
  snapshot_at: text,
});
const auditRow = z.object({
  console: consoleName,
  kind: text,
  action: text,
  entries: count,
  users: count,
  by_whom: maybeText,
  first: text,
  last: text,
});
const changeRow = z.object({
  console: consoleName,
  rank: count,
  time: text,
  action: text,
  actor: maybeText,
  user_ip: maybeText,
  message: maybeText,
  changes_in_all: count,
});

export type HeadlineRow = z.infer<typeof headlineRow>;
export type PerDayRow = z.infer<typeof perDayRow>;
export type SourceRow = z.infer<typeof sourceRow>;
export type CanaryRow = z.infer<typeof canaryRow>;
export type TokenRow = z.infer<typeof tokenRow>;
export type BirdRow = z.infer<typeof birdRow>;
export type AuditRow = z.infer<typeof auditRow>;
export type ChangeRow = z.infer<typeof changeRow>;

export interface Headline {
  incidents: number;
  alertingIncidents: number;
  attackerSources: number;
  canariesTouched: number;
  tokensTriggered: number;
  /** Canaries whose latest snapshot before the end of the range says offline; null without a snapshot. */
  birdsOffline: number | null;
}

export interface ConsoleSection {
  name: string;
  headline: Headline;
  perDay: PerDayRow[];
  sources: SourceRow[];
  sourcesInAll: number;
  canaries: CanaryRow[];
  canariesInAll: number;
  tokens: TokenRow[];
  tokensInAll: number;
  birds: BirdRow[];
  audit: AuditRow[];
  changes: ChangeRow[];
  changesInAll: number;
}

export interface Report {
  since: string;
  until: string;
  /** The one console asked for, or undefined for every console the records name. */
  console: string | undefined;
  generatedAt: string;
  engine: string;
  fleet: { headline: Headline; perDay: PerDayRow[] };
  consoles: ConsoleSection[];
}

export interface ReportRange {
  since: string;
  until: string;
  console?: string | undefined;
}

/** Runs the report's queries and sorts their rows by console. */
export async function buildReport(engine: ReportEngine, range: ReportRange, now: Date): Promise<Report> {
  const values = { since: range.since, until: range.until, console: range.console ?? '' };
  const run = async <T extends z.ZodType>(name: ReportQueryName, schema: T): Promise<Array<z.infer<T>>> => {
    const found = await engine.query(name, values);
    return found.map((row, i) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success) {
        throw new Error(
          `${name}: row ${i + 1} is not what the report reads: ${z.prettifyError(parsed.error)}`,
        );
      }
      return parsed.data;
    });
  };
  // one after the other: DuckDB runs one query at a time per connection, and Athena's limit on
  // concurrent queries is the account's, shared with everyone else's
  const headlines = await run('report_headline', headlineRow);
  const perDay = await run('report_incidents_per_day', perDayRow);
  const sources = await run('report_attacker_sources', sourceRow);
  const canaries = await run('report_canaries', canaryRow);
  const tokens = await run('report_tokens', tokenRow);
  const birds = await run('report_birds', birdRow);
  const audit = await run('report_audit', auditRow);
  const changes = await run('report_audit_changes', changeRow);

  const names = new Set<string>();
  for (const rows of [headlines, perDay, sources, canaries, tokens, birds, audit, changes]) {
    for (const row of rows as Array<{ console: string | null }>)
      if (row.console !== null) names.add(row.console);
  }
  const of = <R extends { console: string | null }>(rows: R[], name: string | null) =>
    rows.filter((row) => row.console === name);
  const offline = (rows: BirdRow[]) =>
    rows.length === 0 ? null : rows.filter((row) => row.live === false).length;
  const consoles = [...names].sort().map((name): ConsoleSection => {
    const mine = { sources: of(sources, name), canaries: of(canaries, name), tokens: of(tokens, name) };
    const theirBirds = of(birds, name);
    const theirChanges = of(changes, name);
    return {
      name,
      headline: headline(of(headlines, name)[0], offline(theirBirds)),
      perDay: of(perDay, name),
      sources: mine.sources,
      sourcesInAll: mine.sources[0]?.sources_in_all ?? 0,
      canaries: mine.canaries,
      canariesInAll: mine.canaries[0]?.canaries_in_all ?? 0,
      tokens: mine.tokens,
      tokensInAll: mine.tokens[0]?.triggers_in_all ?? 0,
      birds: theirBirds,
      audit: of(audit, name),
      changes: theirChanges,
      changesInAll: theirChanges[0]?.changes_in_all ?? 0,
    };
  });
  return {
    since: range.since,
    until: range.until,
    console: range.console,
    generatedAt: now.toISOString(),
    engine: engine.describe,
    fleet: { headline: headline(of(headlines, null)[0], offline(birds)), perDay: of(perDay, null) },
    consoles,
  };
}

function headline(row: HeadlineRow | undefined, birdsOffline: number | null): Headline {
  return {
    incidents: row?.incidents ?? 0,
    alertingIncidents: row?.alerting_incidents ?? 0,
    attackerSources: row?.attacker_sources ?? 0,
    canariesTouched: row?.canaries_touched ?? 0,
    tokensTriggered: row?.tokens_triggered ?? 0,
    birdsOffline,
  };
}
