import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { embeddedRegistry } from '../../schemas/embedded-registry.ts';
import { goldTracer } from '../../trace/gold-tracer.ts';
import { InProcessTransport } from '../../transport/in-process/in-process-transport.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { runCli } from '../integration/cli-run.ts';
import { stackKafka } from '../integration/stack-kafka.ts';
import { landSales } from '../integration/trace/landed-sales.ts';
import { launchBrowser, openPage, panelRows, panelsDrawn, screenshot } from './dashboard-kit.ts';

// From a row of each page that shows a traced gold table to its Trace page: the row's sales, the terms that sum to its figures, and the files and lines they came from.
const warehouse = inject('warehouse');
const database = `trace_test_${randomBytes(4).toString('hex')}`;
const cleanups: (() => Promise<void> | void)[] = [];
let browser: Browser;
let biUrl: string;

/** Three sales of employee 3 on 2018-02-05 in store: two of product 9 (sale 901 corrected by a second file), one of product 10; customer 44 bought 901, 45 the others. */
const SALES_FILES = [
  ['901,3,44,9,2,0.1,,2018-02-05 07:38:25.430,T1', '902,3,45,9,1,0,,2018-02-05 07:40:00.000,T2', '903,3,45,10,4,0,,2018-02-05 07:40:00.000,T2'],
  ['901,3,44,9,5,0.1,,2018-02-05 07:38:25.430,T1'],
] as const;
/** Each sale's bronze versions on the Trace page: sale, order, quantity, net amount, version, file and line. */
const SALE_901 = [
  ['store-901', 'store-T1', '5', '45.00', 'superseded', 'file sales-0001.csv line 2'],
  ['store-901', 'store-T1', '5', '45.00', 'winner', 'file sales-0002.csv line 2'],
];
const SALE_902 = [['store-902', 'store-T2', '1', '10.00', 'winner', 'file sales-0001.csv line 3']];
const SALE_903 = [['store-903', 'store-T2', '4', '40.00', 'winner', 'file sales-0001.csv line 4']];

/** The test warehouse's server as the admin, in `db`. */
function admin(db: string): pg.Client {
  const url = new URL(warehouse.adminUrl);
  url.pathname = `/${db}`;
  return new pg.Client({ connectionString: url.toString() });
}

beforeAll(async () => {
  browser = await launchBrowser();
  const server = admin('postgres');
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${database}`);
    await server.query(`GRANT CONNECT ON DATABASE ${database} TO ${pg.escapeIdentifier(new URL(warehouse.biUrl).username)}`);
  } finally {
    await server.end();
  }
  cleanups.push(async () => {
    const drop = admin('postgres');
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await drop.end();
  });
  await landGold();
  const url = new URL(warehouse.biUrl);
  url.pathname = `/${database}`;
  biUrl = url.toString();
});

afterAll(async () => {
  await browser?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Gold as the pipeline would land it for those sales (net = quantity × 10.00 × (1 − discount)). */
async function landGold(): Promise<void> {
  const client = admin(database);
  await client.connect();
  try {
    await migrateWarehouse(client);
    await client.query(`INSERT INTO gold.dim_product (product_id, product_name, price, category_id, category_name) VALUES (9, 'Crackers - Water', 10, 1, 'Snacks'), (10, 'Bread - Rye', 10, 1, 'Snacks')`);
    await client.query(`INSERT INTO gold.dim_employee (employee_id, first_name, last_name, full_name, city_id) VALUES (3, 'Ann', 'Lee', 'Ann Lee', 1)`);
    await client.query(`INSERT INTO gold.dim_customer (customer_id, first_name, last_name, full_name, city_id) VALUES (44, 'Bo', 'Ek', 'Bo Ek', 1), (45, 'Cy', 'Fo', 'Cy Fo', 1)`);
    await client.query(`INSERT INTO gold.fact_sales (sale_id, channel, order_id, sold_at, sale_date, customer_id, employee_id, product_id, quantity, unit_price, discount, net_amount) VALUES
      ('store-901', 'store', 'store-T1', '2018-02-05 07:38:25.430', '2018-02-05', 44, 3, 9, 5, 10, 0.1, 45.00),
      ('store-902', 'store', 'store-T2', '2018-02-05 07:40:00', '2018-02-05', 45, 3, 9, 1, 10, 0, 10.00),
      ('store-903', 'store', 'store-T2', '2018-02-05 07:40:00', '2018-02-05', 45, 3, 10, 4, 10, 0, 40.00)`);
    await client.query(`INSERT INTO gold.product_performance VALUES (9, 'Crackers - Water', 'Snacks', 2, 6, 55.00), (10, 'Bread - Rye', 'Snacks', 1, 4, 40.00)`);
    await client.query(`INSERT INTO gold.employee_metrics VALUES (3, 'Ann Lee', 2, 2, 95.00, 47.50)`);
    await client.query(`INSERT INTO gold.customer_metrics (customer_id, full_name, orders, revenue) VALUES (44, 'Bo Ek', 1, 45.00), (45, 'Cy Fo', 1, 50.00)`);
    await client.query(`INSERT INTO gold.sales_daily VALUES ('2018-02-05', 'store', 2, 10, 95.00)`);
  } finally {
    await client.end();
  }
}

/** Opens a panel's data table as a reader does, and follows the "where does this come from" link of the row with those values to its Trace page. */
async function followTrace(page: Page, panel: string, row: Readonly<Record<string, string>>): Promise<void> {
  const selector = `.panel[data-panel="${panel}"]`;
  if (!(await page.$eval(`${selector} details.panel-data`, (details) => (details as HTMLDetailsElement).open))) await page.click(`${selector} summary`);
  const cells = Object.entries(row).map(([key, value]) => `:has(td[data-key="${key}"][data-value="${value}"])`).join('');
  const link = page.locator(`${selector} tbody tr${cells} a.trace-link`);
  expect(await link.getAttribute('title')).toBe('where does this come from');
  await link.click();
  await page.waitForURL(/\/trace\?/);
  await panelsDrawn(page);
}

/** The Trace page's sales as sale, order, quantity, net amount, version and source (the landing folder left out). */
async function tracedSales(page: Page): Promise<(string | null | undefined)[][]> {
  return (await panelRows(page, 'trace/sales')).map((r) => [r.sale_id, r.order_id, r.quantity, r.net_amount, r.status, r.source?.replace(/\S*\/landing\//, '')]);
}

const figuresNote = (page: Page): Promise<string | null> => page.locator('.panel[data-panel="trace/figures"] .panel-note').textContent();

describe('where does this come from, in embedded mode', () => {
  let url: string;

  beforeAll(async () => {
    const transport = new InProcessTransport();
    const registry = await embeddedRegistry();
    await landSales(transport, registry, '', SALES_FILES, cleanups);
    const dashboard = await startDashboard({ warehouseUrl: biUrl, port: 0, trace: goldTracer(async () => ({ transport, registry }), biUrl) });
    cleanups.push(() => dashboard.close());
    url = dashboard.url;
  });

  it('leads from a product_performance row on the Products page to its sales, the terms that sum to its figures, and their files and lines', async () => {
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${url}/products`);
      await panelsDrawn(page);
      await followTrace(page, 'products/top-products', { product_id: '9' });
      expect(page.url()).toMatch(/\/trace\?table=product_performance&key=9$/);

      expect(await panelRows(page, 'trace/figures')).toEqual([
        { figure: 'orders', formula: 'count(DISTINCT order_id)', from_sales: '2', gold: '2', equal: 'yes' },
        { figure: 'quantity', formula: 'sum(quantity)', from_sales: '6', gold: '6', equal: 'yes' },
        { figure: 'revenue', formula: 'sum(net_amount)', from_sales: '55.00', gold: '55.00', equal: 'yes' },
      ]);
      expect(await tracedSales(page)).toEqual([...SALE_901, ...SALE_902]);
      await screenshot(page, 'trace-product-performance');

      // A page of one sale, then the next.
      await page.goto(`${url}/trace?table=product_performance&key=9&limit=1`);
      await panelsDrawn(page);
      expect((await panelRows(page, 'trace/sales')).map((r) => r.sale_id)).toEqual(['store-901', 'store-901']);
      await page.click('.panel[data-panel="trace/sales"] a.next-page');
      await page.waitForURL(/after=store-901/);
      await panelsDrawn(page);
      expect((await panelRows(page, 'trace/sales')).map((r) => r.sale_id)).toEqual(['store-902']);

      await page.goto(`${url}/trace?table=product_performance&key=424242`);
      await panelsDrawn(page);
      const missing = await page.locator('.panel[data-panel="trace/sales"] .panel-unavailable').textContent();
      expect(missing).toContain('gold.product_performance has no row 424242');
      expect(missing).toContain('e.g. 9, 10');
      expect(problems).toEqual([]);

      // The CLI asks the same dashboard (embedded mode: the log lives in its process) and prints the same trace.
      const cli = runCli(['trace', 'product_performance', '9', '--limit', '1', '--dashboard', url]);
      expect(await cli.exited, cli.output).toBe(0);
      expect(cli.output).toContain('✔ revenue = sum(net_amount) over its 2 sales = 55.00');
      expect(cli.output).toMatch(/store-901 {2}order_id=store-T1 quantity=5 net_amount=45\.00\n\s+superseded file \S*sales-0001\.csv line 2 .*\n\s+✔ winner\s+file \S*sales-0002\.csv line 2 /);
      expect(cli.output).toContain('more: medallion trace product_performance 9 --after store-901');
    } finally {
      await page.close();
    }
  }, 300_000);

  it('leads from an employee on the Employees page to the sales behind their figures, and from one of those sales to its own sources', async () => {
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${url}/employees`);
      await panelsDrawn(page);
      await followTrace(page, 'employees/ranking', { employee_id: '3' });
      expect(await figuresNote(page)).toContain('gold.employee_metrics 3 (');
      expect((await panelRows(page, 'trace/figures')).map((f) => [f.figure, f.from_sales, f.gold, f.equal])).toEqual([
        ['orders', '2', '2', 'yes'],
        ['revenue', '95.00', '95.00', 'yes'],
      ]);
      expect(await tracedSales(page)).toEqual([...SALE_901, ...SALE_902, ...SALE_903]);

      // Each of those sales is a row of gold.fact_sales: its link traces the sale itself.
      await followTrace(page, 'trace/sales', { sale_id: 'store-903' });
      expect(page.url()).toMatch(/\/trace\?table=fact_sales&key=store-903$/);
      expect(await figuresNote(page)).toContain('gold.fact_sales store-903');
      expect((await tracedSales(page)).map(([sale, , , , status, source]) => [sale, status, source])).toEqual([['store-903', 'winner', 'file sales-0001.csv line 4']]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('leads from a customer on the Customers page to the sales behind their figures', async () => {
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${url}/customers`);
      await panelsDrawn(page);
      await followTrace(page, 'customers/top-customers', { customer_id: '45' });
      expect(page.url()).toMatch(/\/trace\?table=customer_metrics&key=45$/);
      expect(await figuresNote(page)).toContain('gold.customer_metrics 45 (');
      expect((await panelRows(page, 'trace/figures')).find((f) => f.figure === 'revenue')).toMatchObject({ from_sales: '50.00', gold: '50.00', equal: 'yes' });
      expect(await tracedSales(page)).toEqual([...SALE_902, ...SALE_903]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('leads from a day and channel of the daily sales to that day’s sales; a day without sales has no link', async () => {
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${url}/trends?from=2018-02-05&to=2018-02-05`);
      await panelsDrawn(page);
      await page.click('.panel[data-panel="trends/daily-revenue"] summary');
      expect(await page.locator('.panel[data-panel="trends/daily-revenue"] tbody tr:has(td[data-key="channel"][data-value="online"]) a.trace-link').count()).toBe(0);
      await followTrace(page, 'trends/daily-revenue', { sale_date: '2018-02-05', channel: 'store' });
      expect(new URL(page.url()).searchParams.get('key')).toBe('2018-02-05/store');
      expect(await figuresNote(page)).toContain('gold.sales_daily 2018-02-05/store (');
      expect((await panelRows(page, 'trace/figures')).map((f) => [f.figure, f.from_sales, f.gold, f.equal])).toEqual([
        ['orders', '2', '2', 'yes'],
        ['quantity', '10', '10', 'yes'],
        ['revenue', '95.00', '95.00', 'yes'],
      ]);
      expect(await tracedSales(page)).toEqual([...SALE_901, ...SALE_902, ...SALE_903]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('where does this come from, on the stack', () => {
  it('leads from a product_performance row to its sales and their files and lines, read from Kafka and the registry', async () => {
    const prefix = `test.trace-page.${randomBytes(4).toString('hex')}.`;
    const transport = await stackKafka.open();
    cleanups.push(() => transport.close());
    const registry = await stackKafka.registry();
    cleanups.push(async () => stackKafka.dropTopics((await transport.topicNames()).filter((t) => t.startsWith(prefix) || t.startsWith(`medallion.${prefix}`))));
    await landSales(transport, registry, prefix, SALES_FILES, cleanups);
    const dashboard = await startDashboard({ warehouseUrl: biUrl, port: 0, trace: goldTracer(async () => ({ transport, registry }), biUrl, prefix) });
    cleanups.push(() => dashboard.close());
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/products`);
      await panelsDrawn(page);
      await followTrace(page, 'products/bottom-products', { product_id: '9' });
      expect(page.url()).toMatch(/\/trace\?table=product_performance&key=9$/);
      expect((await panelRows(page, 'trace/figures')).every((f) => f.equal === 'yes')).toBe(true);
      expect(await tracedSales(page)).toEqual([...SALE_901, ...SALE_902]);
      const read = await page.locator('.panel[data-panel="trace/sales"] .panel-note').textContent();
      expect(read).toContain(`${prefix}bronze.sales partition`);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 300_000);
});
