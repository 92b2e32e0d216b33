import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { TestFilters } from './expected-panels.ts';

/** Debian's chromium (test/install-prerequisites.sh installs it). */
const CHROMIUM = process.env.MEDALLION_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve('test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

/** A page that records every console error, uncaught exception, failed request and HTTP error it meets. */
export interface WatchedPage {
  readonly page: Page;
  readonly problems: string[];
}

export async function openPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // The event stream is cut whenever a page is left or closed; that is not a failure.
    if (!(request.url().endsWith('/api/events') && request.failure()?.errorText === 'net::ERR_ABORTED')) {
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

export function dashboardPath(page: string, filters: TestFilters = {}): string {
  const params = new URLSearchParams(Object.entries(filters).map(([key, value]) => [key, String(value)]));
  return `/${page}${params.size > 0 ? `?${params.toString()}` : ''}`;
}

/** Every panel's data-version, to wait for the next refresh of all of them. */
export function panelVersions(page: Page): Promise<Record<string, number>> {
  return page.$$eval('.panel', (panels) => Object.fromEntries(panels.map((p) => [(p as HTMLElement).dataset.panel ?? '', Number((p as HTMLElement).dataset.version ?? 0)])));
}

/** Resolves once every panel of the page has drawn (newer than `after`, if given) and none is loading. */
export async function panelsDrawn(page: Page, after: Record<string, number> = {}): Promise<void> {
  await page.waitForFunction(
    (before) => {
      const panels = Array.from(document.querySelectorAll<HTMLElement>('.panel'));
      return panels.length > 0 && panels.every((p) => p.dataset.state !== 'loading' && Number(p.dataset.version ?? 0) > (before[p.dataset.panel ?? ''] ?? 0));
    },
    after,
    { timeout: 15_000 },
  );
}

/** A panel's data table as rows of exact values (data-value; null where the cell is empty), keyed by column. */
export function panelRows(page: Page, panel: string): Promise<Record<string, string | null>[]> {
  return page.$$eval(`.panel[data-panel="${panel}"] table.data-table tbody tr`, (rows) =>
    rows
      .filter((row) => !row.querySelector('td.empty'))
      .map((row) => Object.fromEntries(Array.from(row.querySelectorAll<HTMLElement>('td')).map((cell) => [cell.dataset.key ?? '', cell.dataset.value ?? null]))),
  );
}

export function panelIds(page: Page): Promise<string[]> {
  return page.$$eval('.panel', (panels) => panels.map((p) => (p as HTMLElement).dataset.panel ?? ''));
}

/** Saves test-results/screenshots/<name>.png once every chart has finished drawing. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.panel[data-chart]')).every((p) => p.dataset.chart === 'finished'), null, { timeout: 15_000 });
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Values as the tests compare them: numbers by value (12.5 = 12.50), a missing value as null, everything else as text. */
export function comparable(rows: readonly Readonly<Record<string, string | null | undefined>>[]): Record<string, string | number | null>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, value === undefined ? null : value !== null && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value]),
    ),
  );
}
