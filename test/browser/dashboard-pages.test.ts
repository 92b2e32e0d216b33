import type { Browser } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PAGE_PANELS, PAGES } from '../../dashboard/api-types.ts';
import { type Dashboard, startDashboard } from '../../dashboard/start-dashboard.ts';
import { comparable, dashboardPath, launchBrowser, openPage, panelIds, panelRows, panelsDrawn, screenshot } from './dashboard-kit.ts';
import { COMPARED_PANELS, expectedKpis, expectedRows, type TestFilters, textClient } from './expected-panels.ts';

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

/** A country, a category, a channel and a date range that all have sales together. */
async function busySelection(): Promise<TestFilters> {
  const { rows } = await db.query<{ country: string; category: string; month: string }>(
    `SELECT c.country_name AS country, p.category_name AS category, to_char(min(f.sale_date), 'YYYY-MM') AS month
     FROM gold.fact_sales f JOIN gold.dim_customer c USING (customer_id) JOIN gold.dim_product p USING (product_id)
     WHERE f.channel = 'store' GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1`,
  );
  const row = rows[0]!;
  return { country: row.country, category: row.category, channel: 'store', from: `${row.month}-10`, to: `${row.month}-28` };
}

describe('the dashboard in a real browser', () => {
  it('loads every page, from its menu, with no console error or failed request, and saves a screenshot of each', async () => {
    const { page, problems } = await openPage(browser);
    // The last 30 days of data, so the headline figures have a previous period to compare with.
    const { rows } = await db.query<{ from: string; to: string }>("SELECT (max(sale_date) - 29)::text AS from, max(sale_date)::text AS to FROM gold.fact_sales");
    await page.goto(`${dashboard.url}${dashboardPath('overview', rows[0]!)}`);
    await panelsDrawn(page);
    for (const name of PAGES) {
      if (name !== 'overview') {
        await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: new RegExp(`^${name === 'trends' ? 'Sales trends' : name}$`, 'i') }).click();
        await panelsDrawn(page);
      }
      expect(new URL(page.url()).pathname).toBe(`/${name}`);
      expect(await panelIds(page)).toEqual(PAGE_PANELS[name].map((panel) => `${name}/${panel}`));
      expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
      await screenshot(page, name);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says when the data is from, the newest sale in gold', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${dashboard.url}/overview`);
    const { rows } = await db.query<{ newest: string }>('SELECT max(sold_at)::text AS newest FROM gold.fact_sales');
    await expect.poll(() => page.locator('#data-as-of').getAttribute('data-as-of')).toBe(rows[0]!.newest);
    await expect.poll(() => page.locator('#data-as-of').textContent()).toMatch(/^Data as of \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
    await page.close();
  });

  describe.each([
    ['no filter', async (): Promise<TestFilters> => ({})],
    ['a country, category, channel and date range', busySelection],
    ['ranking by quantity, top 3', async (): Promise<TestFilters> => ({ measure: 'quantity', top: 3 })],
  ])('with %s', (_name, selection) => {
    it('shows on every panel the values SQL over gold gives for the same filters', async () => {
      const filters = await selection();
      const { page, problems } = await openPage(browser);
      for (const name of PAGES.filter((p) => p !== 'pipeline')) {
        await page.goto(`${dashboard.url}${dashboardPath(name, filters)}`);
        await panelsDrawn(page);
        for (const panel of COMPARED_PANELS.filter((id) => id.startsWith(`${name}/`))) {
          const shown = await panelRows(page, panel);
          const expected = await expectedRows(db, panel, filters);
          expect(expected.length, `${panel} has rows to compare`).toBeGreaterThan(0);
          expect(comparable(shown), panel).toEqual(comparable(expected));
        }
      }
      await page.goto(`${dashboard.url}${dashboardPath('overview', filters)}`);
      await panelsDrawn(page);
      const kpis = await panelRows(page, 'overview/kpis');
      const { current, previous } = await expectedKpis(db, filters);
      expect(comparable(kpis.map((k) => ({ current: k.current, previous: k.previous })))).toEqual(
        comparable(['revenue', 'orders', 'quantity', 'avg_order_value', 'customers'].map((m) => ({ current: current[m], previous: previous[m] }))),
      );
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  it('agrees with the gold aggregate tables when nothing is filtered', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${dashboard.url}/overview`);
    await panelsDrawn(page);
    const [revenue] = (await db.query<{ revenue: string; orders: string; quantity: string }>('SELECT sum(revenue) AS revenue, sum(orders) AS orders, sum(quantity) AS quantity FROM gold.sales_daily')).rows;
    const kpis = Object.fromEntries((await panelRows(page, 'overview/kpis')).map((row) => [row.label, Number(row.current)]));
    expect(kpis).toMatchObject({ Revenue: Number(revenue!.revenue), Orders: Number(revenue!.orders), Quantity: Number(revenue!.quantity) });

    await page.goto(`${dashboard.url}/employees`);
    await panelsDrawn(page);
    const employees = (await db.query('SELECT employee_id, full_name, revenue, orders, customers_served, avg_order_value FROM gold.employee_metrics ORDER BY revenue DESC, employee_id')).rows;
    expect(comparable((await panelRows(page, 'employees/ranking')).map(({ rank: _rank, ...row }) => row))).toEqual(comparable(employees));

    await page.goto(`${dashboard.url}/products?top=5`);
    await panelsDrawn(page);
    const products = (await db.query('SELECT product_id, product_name, category_name, revenue, quantity, orders FROM gold.product_performance ORDER BY revenue DESC, product_id LIMIT 5')).rows;
    expect(comparable(await panelRows(page, 'products/top-products'))).toEqual(comparable(products));

    await page.goto(`${dashboard.url}/customers?top=5`);
    await panelsDrawn(page);
    const customers = (await db.query('SELECT customer_id, full_name, city_name, country_name, orders, revenue FROM gold.customer_metrics WHERE orders > 0 ORDER BY revenue DESC, customer_id LIMIT 5')).rows;
    expect(comparable(await panelRows(page, 'customers/top-customers'))).toEqual(comparable(customers));
    await page.close();
  });
});
