import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * `npm run docs:report`: the README's picture of a report (docs/images/report.png): a simulator pass of
 * 3,000 incidents through the built command, its report, and the top of the page as headless Chromium
 * (Debian's) renders it.
 */
const OUT = 'docs/images/report.png';
/** Debian's Chromium, as the browser test uses it (`.ci/run` installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
const cwd = mkdtempSync(join(tmpdir(), 'report-shot-'));
const cli = join(process.cwd(), 'dist', 'cli.js');
try {
  spawnSync(process.execPath, ['scripts/buildCli.mjs'], { stdio: 'inherit' });
  for (const args of [['run', '--once', '--incidents', '3000', '--seed', '21'], ['report']]) {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1040, height: 1180 }, deviceScaleFactor: 1 });
  await page.goto(`file://${join(cwd, 'canary-report.html')}`);
  mkdirSync('docs/images', { recursive: true });
  await page.screenshot({ path: OUT });
  await browser.close();
  process.stdout.write(`${OUT} written\n`);
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
