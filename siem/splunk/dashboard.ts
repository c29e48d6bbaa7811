import { readFileSync } from 'node:fs';

/** One panel of the add-on's dashboard: its id, visualisation, title and search. */
export interface DashboardPanel {
  id: string;
  kind: 'single' | 'chart' | 'table' | 'input';
  title: string;
  query: string;
}

export const DASHBOARD_FILE = new URL(
  './TA-thinkst-canary/default/data/ui/views/thinkst_canary_overview.xml',
  import.meta.url,
);

/**
 * The panels of a Simple XML dashboard, each with its search's text (entities decoded). The XML is
 * checked on the way: every element closed in order, no text outside the root, no entity it does not
 * know; a dashboard Splunk could not parse fails here.
 */
export function dashboardPanels(xml: string): DashboardPanel[] {
  checkWellFormed(xml);
  const panels: DashboardPanel[] = [];
  for (const m of xml.matchAll(
    /<panel id="([^"]+)">\s*<(single|chart|table)>([\s\S]*?)<\/\2>\s*<\/panel>/g,
  )) {
    const [, id, kind, body] = m as unknown as [string, string, DashboardPanel['kind'], string];
    panels.push({ id, kind, title: decode(tagText(body, 'title')), query: decode(tagText(body, 'query')) });
  }
  for (const m of xml.matchAll(/<input type="dropdown" token="([^"]+)"[^>]*>([\s\S]*?)<\/input>/g)) {
    const [, token, body] = m as unknown as [string, string, string];
    panels.push({
      id: `input.${token}`,
      kind: 'input',
      title: decode(tagText(body, 'label')),
      query: decode(tagText(body, 'query')),
    });
  }
  return panels;
}

export function overviewDashboard(): DashboardPanel[] {
  return dashboardPanels(readFileSync(DASHBOARD_FILE, 'utf8'));
}

/**
 * A panel's search with the dashboard's tokens set, as Splunk sets them: `$console$` as it is,
 * `$console|s$` quoted (its quotes and backslashes escaped), so a value stays one search term.
 */
export function withTokens(query: string, tokens: Record<string, string>): string {
  return query.replace(/\$([\w.]+)(\|s)?\$/g, (all, name: string, quoted: string | undefined) => {
    const value = tokens[name];
    if (value === undefined) return all;
    return quoted === undefined ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`;
  });
}

function tagText(body: string, tag: string): string {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(body);
  if (m === null) throw new Error(`no <${tag}> in a dashboard element`);
  return (m[1] as string).trim();
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  if (/&(?!\w+;)/.test(text)) throw new Error(`a bare & in: ${text.trim().slice(0, 60)}`);
  return text.replace(/&(\w+);/g, (all, name: string) => {
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity ${all}`);
    return value;
  });
}

function checkWellFormed(xml: string): void {
  const open: string[] = [];
  let rootClosed = false;
  const body = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/^<\?xml[^>]*\?>/, '');
  let at = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const text = body.slice(at, m.index);
    if ((open.length === 0 || rootClosed) && text.trim() !== '')
      throw new Error(`text outside the root: ${text.trim()}`);
    if (/[<>]/.test(text)) throw new Error(`a stray < or > in: ${text.trim().slice(0, 60)}`);
    decode(text);
    at = (m.index ?? 0) + m[0].length;
    const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
    if (rootClosed) throw new Error(`<${name}> after the root element`);
    if (closing === '/') {
      const expected = open.pop();
      if (expected !== name) throw new Error(`</${name}> closes <${expected}>`);
      if (open.length === 0) rootClosed = true;
    } else if (selfClosing !== '/') open.push(name);
  }
  if (body.slice(at).trim() !== '') throw new Error('text after the root element');
  if (open.length > 0) throw new Error(`<${open.join('>, <')}> not closed`);
}
