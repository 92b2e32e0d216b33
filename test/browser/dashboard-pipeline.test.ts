import type { Browser } from 'playwright-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PipelineStatus } from '../../dashboard/pipeline-status.ts';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { GOLD_TABLE_NAMES } from '../../catalog/gold-tables.ts';
import { comparable, launchBrowser, openPage, panelRows, panelsDrawn } from './dashboard-kit.ts';
import { textClient } from './expected-panels.ts';

const warehouse = inject('warehouse');
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

/** What a pipeline reports: the Pipeline page shows it as given. */
const STATUS: PipelineStatus = {
  mode: 'stack (Kafka 127.0.0.1:29092)',
  layers: [
    { layer: 'bronze', entity: 'sales', topic: 'bronze.sales', records: 3105 },
    { layer: 'silver', entity: 'sales', topic: 'silver.sales', records: 3000 },
    { layer: 'gold', entity: 'fact_sales', topic: 'gold.fact_sales', records: 3210 },
  ],
  deadLetters: [
    {
      entity: 'sales',
      topic: 'dlq.sales',
      count: 5,
      samples: [
        { stage: 'source', reason: 'Quantity must be a whole number', field: 'Quantity', value: '2x', sourceUri: 'landing/sales-0003.csv', sourcePosition: 'line 17', raw: '17,3,44,9,2x,0.1,,2018-02-05 07:38:25.430,T1', failedAt: new Date('2026-01-02T03:04:05Z') },
      ],
    },
    { entity: 'products', topic: 'dlq.products', count: 0, samples: [] },
  ],
  lag: [{ processor: 'silver-sales', group: 'medallion-silver-sales', lag: 42 }],
  connectors: [{ name: 'mariadb-cdc', type: 'source', state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }] }],
  parts: [
    { part: 'processor silver-sales', state: 'running', waitingFor: null },
    { part: 'warehouse sink', state: 'waiting', waitingFor: 'waiting for PostgreSQL at 127.0.0.1:25432 since 18:40:12 UTC: connect ECONNREFUSED 127.0.0.1:25432' },
  ],
};

describe('the Pipeline page', () => {
  it('shows the freshness of every gold table from the warehouse, and says what is missing without a pipeline', async () => {
    const dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0 });
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/pipeline`);
      await panelsDrawn(page);
      // In the catalog's order, every gold table once.
      const tables = GOLD_TABLE_NAMES;
      const counts: string[] = [];
      for (const table of tables) counts.push((await db.query<{ n: string }>(`SELECT count(*) AS n FROM gold.${table}`)).rows[0]!.n);
      const freshness = await panelRows(page, 'pipeline/freshness');
      expect(comparable(freshness.map((row) => ({ table_name: row.table_name, rows: row.rows })))).toEqual(comparable(tables.map((table, i) => ({ table_name: table, rows: counts[i]! }))));
      const { rows } = await db.query<{ newest: string }>('SELECT max(sold_at)::text AS newest FROM gold.fact_sales');
      expect(freshness[0]?.newest).toBe(rows[0]!.newest);
      for (const panel of ['parts', 'layers', 'dead-letters', 'lag', 'connectors']) {
        expect(await page.locator(`.panel[data-panel="pipeline/${panel}"] .panel-unavailable`).textContent()).toContain('started without a pipeline');
      }
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await dashboard.close();
    }
  });

  it('shows what each part does and waits for, records per layer, dead letters with their reasons, lag and connector states from the pipeline it runs in', async () => {
    const dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0, pipelineStatus: { status: async () => STATUS } });
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/pipeline`);
      await panelsDrawn(page);
      expect(comparable(await panelRows(page, 'pipeline/layers'))).toEqual(comparable(STATUS.layers.map((l) => ({ layer: l.layer, entity: l.entity, topic: l.topic, records: String(l.records) }))));
      const deadLetters = await panelRows(page, 'pipeline/dead-letters');
      expect(deadLetters).toHaveLength(2);
      expect(deadLetters[0]).toMatchObject({ entity: 'sales', count: '5', reason: 'Quantity must be a whole number', field: 'Quantity', value: '2x', source: 'landing/sales-0003.csv line 17', failed_at: '2026-01-02T03:04:05.000Z' });
      expect(deadLetters[1]).toMatchObject({ entity: 'products', count: '0', reason: null });
      expect(await panelRows(page, 'pipeline/lag')).toEqual([{ processor: 'silver-sales', group: 'medallion-silver-sales', lag: '42' }]);
      expect(await panelRows(page, 'pipeline/parts')).toEqual(STATUS.parts.map((p) => ({ part: p.part, state: p.state, waiting_for: p.waitingFor })));
      expect(await panelRows(page, 'pipeline/connectors')).toEqual([{ name: 'mariadb-cdc', type: 'source', state: 'RUNNING', tasks: '0: RUNNING', trace: null }]);
      expect(await page.locator('.panel-unavailable:visible').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await dashboard.close();
    }
  });
});
