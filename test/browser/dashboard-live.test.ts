import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Dashboard, startDashboard } from '../../dashboard/start-dashboard.ts';
import { comparable, launchBrowser, openPage, panelRows, panelsDrawn, panelVersions } from './dashboard-kit.ts';
import { expectedKpis, expectedRows, textClient } from './expected-panels.ts';
import { TcpProxy } from './tcp-proxy.ts';

const warehouse = inject('warehouse');
// The promise: new data in the warehouse shows within 5 seconds, without a reload.
const LIVE_WITHIN_MS = 5000;
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await textClient(warehouse.adminUrl);
});

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

describe('live updates', () => {
  let dashboard: Dashboard;
  const sale = `test-live-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0 });
  });

  afterAll(async () => {
    await db.query('BEGIN');
    await db.query(
      `UPDATE gold.sales_daily d SET orders = d.orders - 1, quantity = d.quantity - f.quantity, revenue = d.revenue - f.net_amount
       FROM gold.fact_sales f WHERE f.sale_id = $1 AND d.sale_date = f.sale_date AND d.channel = f.channel`,
      [sale],
    );
    await db.query('DELETE FROM gold.fact_sales WHERE sale_id = $1', [sale]);
    await db.query('COMMIT');
    await dashboard?.close();
  });

  it('shows a sale written to gold on the open Overview, without a reload', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${dashboard.url}/overview`);
    await panelsDrawn(page);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const before = await expectedKpis(db, {});
    const versions = await panelVersions(page);

    // As a sink would: the line into fact_sales and its day's total into sales_daily, in one transaction.
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO gold.fact_sales (sale_id, channel, order_id, sold_at, sale_date, customer_id, employee_id, product_id, quantity, unit_price, discount, net_amount)
       SELECT $1, 'store', $1, max(sold_at), max(sold_at)::date, min(customer_id), min(employee_id), min(product_id), 3, 41152.26, 0, 123456.78 FROM gold.fact_sales`,
      [sale],
    );
    await db.query(
      `UPDATE gold.sales_daily d SET orders = d.orders + 1, quantity = d.quantity + 3, revenue = d.revenue + 123456.78
       FROM gold.fact_sales f WHERE f.sale_id = $1 AND d.sale_date = f.sale_date AND d.channel = 'store'`,
      [sale],
    );
    await db.query('COMMIT');
    const after = await expectedKpis(db, {});
    expect(Number(after.current.revenue) - Number(before.current.revenue)).toBeCloseTo(123456.78, 2);

    await page.waitForFunction(
      (revenue) => document.querySelector('.panel[data-panel="overview/kpis"] td[data-key="current"]')?.getAttribute('data-value') === revenue,
      after.current.revenue,
      { timeout: LIVE_WITHIN_MS },
    );
    await panelsDrawn(page, versions);
    expect(comparable(await panelRows(page, 'overview/channels'))).toEqual(comparable(await expectedRows(db, 'overview/channels', {})));
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('an unreachable warehouse', () => {
  it('shows a banner naming the warehouse and the error, and recovers by itself when it is back', async () => {
    const proxy = new TcpProxy(warehouse.host, warehouse.port);
    await proxy.start();
    const url = new URL(warehouse.biUrl);
    url.port = String(proxy.address.port);
    const dashboard = await startDashboard({ warehouseUrl: url.toString(), port: 0 });
    const { page } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/overview`);
      await panelsDrawn(page);
      const banner = page.locator('#warehouse-banner');
      expect(await banner.isVisible()).toBe(false);

      await proxy.cut();
      await banner.waitFor({ state: 'visible' });
      expect(await banner.textContent()).toContain(`The warehouse 127.0.0.1:${proxy.address.port}/${warehouse.database} is unreachable:`);
      expect(await banner.getAttribute('role')).toBe('alert');

      const versions = await panelVersions(page);
      await proxy.resume();
      await banner.waitFor({ state: 'hidden' });
      // Back: the open page reloads its panels by itself.
      await panelsDrawn(page, versions);
      expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
      expect(comparable(await panelRows(page, 'overview/channels'))).toEqual(comparable(await expectedRows(db, 'overview/channels', {})));
    } finally {
      await page.close();
      await dashboard.close();
      await proxy.cut();
    }
  });

  it('starts while the warehouse is down, says so on every panel, and fills them once it answers', async () => {
    const proxy = new TcpProxy(warehouse.host, warehouse.port);
    await proxy.start();
    await proxy.cut();
    const url = new URL(warehouse.biUrl);
    url.port = String(proxy.address.port);
    const dashboard = await startDashboard({ warehouseUrl: url.toString(), port: 0 });
    const { page } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/customers`);
      await panelsDrawn(page);
      await page.locator('#warehouse-banner').waitFor({ state: 'visible' });
      expect(await page.locator('.panel[data-state="error"]').count()).toBe(await page.locator('.panel').count());
      expect(await page.locator('.panel .panel-error').first().textContent()).toContain(`warehouse 127.0.0.1:${proxy.address.port}/${warehouse.database} is unreachable`);

      const versions = await panelVersions(page);
      await proxy.resume();
      await page.locator('#warehouse-banner').waitFor({ state: 'hidden' });
      await panelsDrawn(page, versions);
      expect(await page.locator('.panel[data-state="error"]').count()).toBe(0);
    } finally {
      await page.close();
      await dashboard.close();
      await proxy.cut();
    }
  });
});
