import type { Browser } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { launchBrowser, openPage, panelRows, panelsDrawn } from './dashboard-kit.ts';
import { textClient } from './expected-panels.ts';

const warehouse = inject('warehouse');
let browser: Browser;
let db: pg.Client;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await textClient(warehouse.adminUrl);
});

afterAll(async () => {
  await db?.query("DELETE FROM meta.alerts WHERE run_id LIKE 'test-alerts-%'");
  await browser?.close();
  await db?.end();
});

describe("the Pipeline page's alerts", () => {
  it('lists the newest alerts the Airflow failure callback wrote, newest first, through the BI role', async () => {
    const run = `test-alerts-${Date.now()}`;
    await db.query(
      "INSERT INTO meta.alerts (source, dag_id, task_id, run_id, message) VALUES ('airflow', 'medallion_checks', 'check_fact_sales', $1, 'Check: fact_sales_quantity_not_negative'), ('airflow', 'medallion_connectors', 'restart_failed', $1, 'connector x: task 0 FAILED')",
      [run],
    );
    const dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0 });
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/pipeline`);
      await panelsDrawn(page);
      const rows = (await panelRows(page, 'pipeline/alerts')).filter((row) => row.run_id === run);
      expect(rows.map(({ dag_id, task_id, message }) => ({ dag_id, task_id, message }))).toEqual([
        { dag_id: 'medallion_connectors', task_id: 'restart_failed', message: 'connector x: task 0 FAILED' },
        { dag_id: 'medallion_checks', task_id: 'check_fact_sales', message: 'Check: fact_sales_quantity_not_negative' },
      ]);
      expect(rows[0]?.raised_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(await page.locator('.panel[data-panel="pipeline/alerts"] .panel-unavailable').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await dashboard.close();
    }
  });
});
