import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { withPostgres } from '../../../stack/services/postgres-session.ts';
import { medallion } from '../connectors/connectors-kit.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';
import { airflow, airflowEnv, runState } from './airflow-kit.ts';

// medallion_checks through `airflow dags test`, against a warehouse of its own filled the way
// `medallion warehouse load` fills one (the generator's expected silver and gold): the shared
// stack's warehouse is others' to fill, and this test corrupts a row.
let warehouse: ScratchWarehouse;
let dataset: string;
let env: Record<string, string>;
let hour: Date;

beforeAll(async () => {
  dataset = mkdtempSync(path.join(os.tmpdir(), 'medallion-airflow-checks-'));
  warehouse = await scratchWarehouse();
  const url = warehouse.url('writer');
  env = { MEDALLION_WAREHOUSE_URL: url, MEDALLION_WAREHOUSE_OWNER_URL: warehouse.url('owner'), AIRFLOW_CONN_MEDALLION_WAREHOUSE: url };
  const [generated] = await Promise.all([medallion(['generate', '--scale', '200', '--seed', '11', '--out', path.join(dataset, 'ds')]), airflowEnv()]);
  expect(generated.code, generated.stderr).toBe(0);
  for (const args of [['warehouse', 'migrate'], ['warehouse', 'load', '--dataset', path.join(dataset, 'ds')]]) {
    const run = await medallion(args, env);
    expect(run.code, run.stderr).toBe(0);
  }
  const client = await warehouse.connect('writer');
  const { rows } = await client.query<{ hour: string }>("SELECT to_char(date_trunc('hour', max(sold_at)), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS hour FROM gold.fact_sales");
  hour = new Date(rows[0]!.hour);
}, 600_000);

afterAll(async () => {
  await warehouse?.drop();
  rmSync(dataset, { recursive: true, force: true });
});

/** `airflow dags test medallion_checks` for the hour of the newest sale (the run's data interval). */
function checkHour(): ReturnType<typeof airflow> {
  const logicalDate = new Date(hour.getTime() + 3_600_000).toISOString();
  return airflow(['dags', 'test', 'medallion_checks', logicalDate], env);
}

describe('medallion_checks', () => {
  it('passes on a warehouse whose gold is right, for the interval of its newest sales', async () => {
    const run = await checkHour();
    expect(runState(run.output), run.output.slice(-5000)).toBe('success');
    expect(run.output).toContain(`data_interval_start=${hour.toISOString().replace('T', ' ').replace('.000Z', '+00:00')}`);
    expect(run.output).toMatch(/valid: \d+ checks, none failed|"results"/);
    expect(run.output.match(/All tests have passed/g)).toHaveLength(9);
  }, 900_000);

  it('fails on a negative quantity in gold.fact_sales, naming the check, and writes the alert', async () => {
    const { admin } = stackEndpoints().postgres;
    // The table's own CHECK would refuse the corruption: it stands for a writer that bypassed it.
    await withPostgres(stackEndpoints().postgres, admin, warehouse.database, async (client) => {
      await client.query('ALTER TABLE gold.fact_sales DROP CONSTRAINT fact_sales_quantity_positive');
      await client.query('UPDATE gold.fact_sales SET quantity = -3 WHERE sale_id = (SELECT min(sale_id) FROM gold.fact_sales)');
    });
    const run = await checkHour();
    expect(runState(run.output), run.output.slice(-5000)).toBe('failed');
    expect(run.output).toContain('The following tests have failed');
    expect(run.output).toMatch(/Check: fact_sales_quantity_not_negative/);
    expect(run.output).toMatch(/ALERT medallion_checks\.check_fact_sales in run /);

    const client = await warehouse.connect('bi');
    const { rows } = await client.query<{ dag_id: string; task_id: string; message: string }>('SELECT dag_id, task_id, message FROM meta.alerts ORDER BY alert_id');
    expect(rows).toContainEqual(expect.objectContaining({ dag_id: 'medallion_checks', task_id: 'check_fact_sales', message: expect.stringContaining('fact_sales_quantity_not_negative') }));
    // The other tables' checks still pass: one wrong row fails its own check only.
    expect(rows.filter((r) => r.task_id.startsWith('check_') && r.task_id !== 'check_fact_sales')).toEqual([]);
  }, 900_000);
});
