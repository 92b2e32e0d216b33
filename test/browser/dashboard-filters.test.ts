import type { Browser, Page } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Dashboard, startDashboard } from '../../dashboard/start-dashboard.ts';
import { comparable, launchBrowser, openPage, panelRows, panelsDrawn, panelVersions } from './dashboard-kit.ts';
import { COMPARED_PANELS, expectedRows, type TestFilters, textClient } from './expected-panels.ts';

const warehouse = inject('warehouse');
let dashboard: Dashboard;
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0 });
  browser = await launchBrowser();
  db = await textClient(warehouse.adminUrl);
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await db?.end();
});

/** Every compared panel of the open page shows what SQL gives for `filters`. */
async function expectPanelsFor(page: Page, name: string, filters: TestFilters): Promise<void> {
  for (const panel of COMPARED_PANELS.filter((id) => id.startsWith(`${name}/`))) {
    expect(comparable(await panelRows(page, panel)), panel).toEqual(comparable(await expectedRows(db, panel, filters)));
  }
}

/** Does something that redraws every panel, and waits for the redraw. */
async function redrawn(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await panelVersions(page);
  await action();
  await panelsDrawn(page, before);
}

/** Clicks the first (top) bar of a horizontal bar chart, where the largest value is. */
async function clickFirstBar(page: Page, panel: string): Promise<void> {
  const chart = page.locator(`.panel[data-panel="${panel}"] .panel-chart`);
  const box = await chart.boundingBox();
  if (box === null) throw new Error(`${panel} has no chart on screen`);
  const bars = (await panelRows(page, panel)).length;
  // The plot spans the chart's height less an 8 px margin above and below and the value axis's labels (~20 px).
  const rowHeight = (box.height - 36) / bars;
  await chart.click({ position: { x: box.width * 0.6, y: 8 + rowHeight / 2 } });
}

const query = (page: Page): URLSearchParams => new URL(page.url()).searchParams;

describe('filters', () => {
  it('labels every filter control and reaches each with the keyboard', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${dashboard.url}/products`);
    await panelsDrawn(page);
    const controls = { Dates: 'filter-range', From: 'filter-from', To: 'filter-to', Country: 'filter-country', Category: 'filter-category', Channel: 'filter-channel', Show: 'filter-top', 'Rank by': 'filter-measure' };
    for (const [label, id] of Object.entries(controls)) {
      expect(await page.getByLabel(label, { exact: true }).getAttribute('id'), label).toBe(id);
    }
    const reached = new Set<string>();
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    expect([...Object.values(controls), 'filter-clear'].filter((id) => !reached.has(id))).toEqual([]);
    await page.close();
  });

  it('applies a filter chosen in a control to every panel, keeps it in the URL, and clears it', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${dashboard.url}/customers`);
    await panelsDrawn(page);
    const { rows } = await db.query<{ category_name: string }>('SELECT category_name FROM gold.dim_product GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
    const category = rows[0]!.category_name;
    await redrawn(page, () => page.getByLabel('Category', { exact: true }).selectOption(category));
    expect(query(page).get('category')).toBe(category);
    await expectPanelsFor(page, 'customers', { category });
    await redrawn(page, () => page.getByLabel('Channel', { exact: true }).selectOption('online'));
    expect(Object.fromEntries(query(page))).toEqual({ category, channel: 'online' });
    await expectPanelsFor(page, 'customers', { category, channel: 'online' });
    await redrawn(page, () => page.getByRole('button', { name: 'Clear filters' }).click());
    expect(query(page).size).toBe(0);
    await expectPanelsFor(page, 'customers', {});
    expect(problems).toEqual([]);
    await page.close();
  });

  it('changes N and the measure of the Products rankings', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${dashboard.url}/products`);
    await panelsDrawn(page);
    await redrawn(page, () => page.getByLabel('Show', { exact: true }).selectOption('5'));
    await redrawn(page, () => page.getByLabel('Rank by', { exact: true }).selectOption('quantity'));
    expect(Object.fromEntries(query(page))).toEqual({ top: '5', measure: 'quantity' });
    expect(await panelRows(page, 'products/top-products')).toHaveLength(5);
    await expectPanelsFor(page, 'products', { top: 5, measure: 'quantity' });
    await page.close();
  });

  it('cross-filters the page by the bar clicked, clears it on a second click, and goes back and forward through the URL', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${dashboard.url}/overview`);
    await panelsDrawn(page);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const country = (await panelRows(page, 'overview/countries'))[0]!.country_name!;

    await redrawn(page, () => clickFirstBar(page, 'overview/countries'));
    expect(query(page).get('country')).toBe(country);
    expect(await page.getByLabel('Country', { exact: true }).inputValue()).toBe(country);
    await expectPanelsFor(page, 'overview', { country });

    await redrawn(page, () => clickFirstBar(page, 'overview/countries'));
    expect(query(page).has('country')).toBe(false);
    await expectPanelsFor(page, 'overview', {});

    await redrawn(page, () => page.goBack());
    expect(query(page).get('country')).toBe(country);
    await expectPanelsFor(page, 'overview', { country });
    await redrawn(page, () => page.goBack());
    expect(query(page).has('country')).toBe(false);
    await redrawn(page, () => page.goForward());
    expect(query(page).get('country')).toBe(country);
    await expectPanelsFor(page, 'overview', { country });
    // All of it without loading the page again.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ignores bad filter values from the URL with a notice naming each, and never filters by them', async () => {
    const { page, problems } = await openPage(browser);
    const bad = { country: "Atlantis' OR '1'='1", from: '2018-02-30', channel: 'drone', top: '0', category: 'Snacks; DROP TABLE gold.fact_sales' };
    await page.goto(`${dashboard.url}/products?${new URLSearchParams(bad).toString()}`);
    await panelsDrawn(page);
    const notices = page.locator('#notices li');
    expect((await notices.evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.param))).sort()).toEqual(Object.keys(bad).sort());
    expect(await notices.filter({ hasText: 'Atlantis' }).textContent()).toContain('is not a country in the warehouse');
    expect(await page.locator('#notices').isVisible()).toBe(true);
    await expectPanelsFor(page, 'products', {});
    // The URL now says what is shown.
    expect(query(page).size).toBe(0);
    expect((await db.query('SELECT count(*) AS n FROM gold.fact_sales')).rows[0]!.n).not.toBe('0');
    expect(problems).toEqual([]);
    await page.close();
  });
});
