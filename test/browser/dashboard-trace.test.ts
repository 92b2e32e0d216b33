import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileSourceSerde } from '../../connectors/file-source/file-ingest.ts';
import { FileSource } from '../../connectors/file-source/file-source.ts';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { embeddedRegistry } from '../../schemas/embedded-registry.ts';
import { goldTracer } from '../../trace/gold-tracer.ts';
import { InProcessTransport } from '../../transport/in-process/in-process-transport.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { runCli } from '../integration/cli-run.ts';
import { launchBrowser, openPage, panelRows, panelsDrawn, screenshot } from './dashboard-kit.ts';

// From a product_performance row on the Products page to its sales, their figures' terms, and the files and lines they came from.
const warehouse = inject('warehouse');
const HEADER = 'SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber';
const database = `trace_test_${randomBytes(4).toString('hex')}`;
const cleanups: (() => Promise<void> | void)[] = [];
let browser: Browser;

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
});

afterAll(async () => {
  await browser?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Three sales of product 9 land from two files (the second corrects sale 901); one of product 10. */
async function landSales(transport: InProcessTransport, registry: Awaited<ReturnType<typeof embeddedRegistry>>): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'medallion-trace-page-'));
  const landing = path.join(root, 'landing');
  mkdirSync(landing);
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  let produced = 0;
  const source = await FileSource.start({ landing, transport, serde: fileSourceSerde(registry), settleMs: 100, finishMs: 500, onEvent: (event) => void (event.kind === 'batch-committed' && (produced += event.produced)) });
  const until = async (count: number): Promise<void> => {
    for (const deadline = Date.now() + 60_000; produced < count; await sleep(100)) if (Date.now() > deadline) throw new Error(`only ${produced} of ${count} rows produced`);
  };
  try {
    writeFileSync(path.join(landing, 'sales-0001.csv'), `${HEADER}\n901,3,44,9,2,0.1,,2018-02-05 07:38:25.430,T1\n902,3,45,9,1,0,,2018-02-05 07:40:00.000,T2\n903,3,45,10,4,0,,2018-02-05 07:40:00.000,T2\n`);
    await until(3);
    writeFileSync(path.join(landing, 'sales-0002.csv'), `${HEADER}\n901,3,44,9,5,0.1,,2018-02-05 07:38:25.430,T1\n`);
    await until(4);
  } finally {
    await source.stop();
  }
}

/** Gold as the pipeline would land it for those sales (net = quantity × 10.00 × (1 − discount)). */
async function landGold(): Promise<void> {
  const client = admin(database);
  await client.connect();
  try {
    await migrateWarehouse(client);
    await client.query(`INSERT INTO gold.dim_product (product_id, product_name, price, category_id, category_name) VALUES (9, 'Crackers - Water', 10, 1, 'Snacks'), (10, 'Bread - Rye', 10, 1, 'Snacks')`);
    await client.query(`INSERT INTO gold.fact_sales (sale_id, channel, order_id, sold_at, sale_date, customer_id, employee_id, product_id, quantity, unit_price, discount, net_amount) VALUES
      ('store-901', 'store', 'store-T1', '2018-02-05 07:38:25.430', '2018-02-05', 44, 3, 9, 5, 10, 0.1, 45.00),
      ('store-902', 'store', 'store-T2', '2018-02-05 07:40:00', '2018-02-05', 45, 3, 9, 1, 10, 0, 10.00),
      ('store-903', 'store', 'store-T2', '2018-02-05 07:40:00', '2018-02-05', 45, 3, 10, 4, 10, 0, 40.00)`);
    await client.query(`INSERT INTO gold.product_performance VALUES (9, 'Crackers - Water', 'Snacks', 2, 6, 55.00), (10, 'Bread - Rye', 'Snacks', 1, 4, 40.00)`);
  } finally {
    await client.end();
  }
}

describe('where does this come from', () => {
  it('leads from a product_performance row on the Products page to its sales, the terms that sum to its figures, and their files and lines', async () => {
    const transport = new InProcessTransport();
    const registry = await embeddedRegistry();
    await landSales(transport, registry);
    await landGold();
    const biUrl = new URL(warehouse.biUrl);
    biUrl.pathname = `/${database}`;
    const trace = goldTracer(async () => ({ transport, registry }), biUrl.toString());
    const dashboard = await startDashboard({ warehouseUrl: biUrl.toString(), port: 0, trace });
    cleanups.push(() => dashboard.close());
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/products`);
      await panelsDrawn(page);
      // The panel's data table, opened as a reader does, lists the rows with their IDs as links.
      await page.click('.panel[data-panel="products/top-products"] summary');
      await page.click('.panel[data-panel="products/top-products"] td[data-key="product_id"] a:text-is("9")');
      await page.waitForURL(/\/trace\?table=product_performance&key=9$/);
      await panelsDrawn(page);

      expect(await panelRows(page, 'trace/figures')).toEqual([
        { figure: 'orders', formula: 'count(DISTINCT order_id)', from_sales: '2', gold: '2', equal: 'yes' },
        { figure: 'quantity', formula: 'sum(quantity)', from_sales: '6', gold: '6', equal: 'yes' },
        { figure: 'revenue', formula: 'sum(net_amount)', from_sales: '55.00', gold: '55.00', equal: 'yes' },
      ]);
      const sales = (await panelRows(page, 'trace/sales')).map((r) => [r.sale_id, r.order_id, r.quantity, r.net_amount, r.status, r.source?.replace(/\S*\/landing\//, '')]);
      expect(sales).toEqual([
        ['store-901', 'store-T1', '5', '45.00', 'superseded', 'file sales-0001.csv line 2'],
        ['store-901', 'store-T1', '5', '45.00', 'winner', 'file sales-0002.csv line 2'],
        ['store-902', 'store-T2', '1', '10.00', 'winner', 'file sales-0001.csv line 3'],
      ]);
      await screenshot(page, 'trace-product-performance');

      // A page of one sale, then the next; and a sale's own trace from its id.
      await page.goto(`${dashboard.url}/trace?table=product_performance&key=9&limit=1`);
      await panelsDrawn(page);
      expect((await panelRows(page, 'trace/sales')).map((r) => r.sale_id)).toEqual(['store-901', 'store-901']);
      await page.click('.panel[data-panel="trace/sales"] a.next-page');
      await page.waitForURL(/after=store-901/);
      await panelsDrawn(page);
      expect((await panelRows(page, 'trace/sales')).map((r) => r.sale_id)).toEqual(['store-902']);

      await page.goto(`${dashboard.url}/trace?table=product_performance&key=424242`);
      await panelsDrawn(page);
      const missing = await page.locator('.panel[data-panel="trace/sales"] .panel-unavailable').textContent();
      expect(missing).toContain('gold.product_performance has no row 424242');
      expect(missing).toContain('e.g. 9, 10');
      expect(problems).toEqual([]);

      // The CLI asks the same dashboard (embedded mode: the log lives in its process) and prints the same trace.
      const cli = runCli(['trace', 'product_performance', '9', '--limit', '1', '--dashboard', dashboard.url]);
      expect(await cli.exited, cli.output).toBe(0);
      expect(cli.output).toContain('✔ revenue = sum(net_amount) over its 2 sales = 55.00');
      expect(cli.output).toMatch(/store-901 {2}order_id=store-T1 quantity=5 net_amount=45\.00\n\s+superseded file \S*sales-0001\.csv line 2 .*\n\s+✔ winner\s+file \S*sales-0002\.csv line 2 /);
      expect(cli.output).toContain('more: medallion trace product_performance 9 --after store-901');
    } finally {
      await page.close();
    }
  }, 300_000);
});
