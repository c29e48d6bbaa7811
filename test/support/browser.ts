import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';

export interface RenderedReport {
  /** `data-figure` name → the text the page shows. */
  figures: Record<string, string>;
  /** `data-row` table name → each row's cells, as the page shows them (innerText). */
  rows: Record<string, string[][]>;
  /** The consoles' section headings, in order. */
  consoles: string[];
  /** Requests the page made beyond its own file (there must be none). */
  requests: string[];
  /** Printed to PDF (A4): its pages, and the console sections that start a new page in print. */
  print: { pages: number; sectionsOnNewPage: number };
}

/**
 * Opens a report file in headless Chromium and reads what it rendered: the figures and table rows as
 * their text, the way a person reads them. Optionally saves a screenshot of the whole page.
 */
export async function renderReport(file: string, screenshot?: string): Promise<RenderedReport> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== `file://${file}`) requests.push(request.url());
    });
    await page.goto(`file://${file}`);
    const read = await page.evaluate(() => {
      const figures: Record<string, string> = {};
      for (const el of document.querySelectorAll<HTMLElement>('[data-figure]')) {
        figures[el.dataset.figure as string] = el.innerText.trim();
      }
      const rows: Record<string, string[][]> = {};
      for (const tr of document.querySelectorAll<HTMLElement>('tr[data-row]')) {
        const name = tr.dataset.row as string;
        rows[name] ??= [];
        rows[name].push([...tr.querySelectorAll<HTMLElement>('td')].map((td) => td.innerText.trim()));
      }
      const consoles = [...document.querySelectorAll<HTMLElement>('section.console')].map(
        (section) => section.dataset.console as string,
      );
      return { figures, rows, consoles };
    });
    if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
    // as "Print to PDF" makes it: the page objects in the PDF, and each console's section breaking
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    await page.emulateMedia({ media: 'print' });
    const sectionsOnNewPage = await page.evaluate(
      () =>
        [...document.querySelectorAll('section.console')].filter(
          (s) => getComputedStyle(s).breakBefore === 'page',
        ).length,
    );
    const print = { pages: (pdf.match(/\/Type\s*\/Page\b/g) ?? []).length, sectionsOnNewPage };
    return { ...read, requests, print };
  } finally {
    await browser.close();
  }
}
