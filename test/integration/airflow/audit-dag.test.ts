import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-run.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';
import { airflow, airflowEnv, runState } from './airflow-kit.ts';

// medallion_audit through `airflow dags test`: `medallion up --once` into a warehouse of its own (as the
// audit's own test does), then the DAG's prepare, the Spark provider's SparkSubmitOperator on the
// medallion_spark connection (local[2], spark-submit from the spark venv), and the report. Small data:
// the Spark job's time is mostly its start-up and Spark's planning, which the data's size barely moves.
// The bronze topics are the shared stack's: records another run writes between this file's `up --once`
// and an audit are differences to it (as to test/integration/audit/), so run it alone.
const AUDIT_MS = 1_800_000;
let warehouse: ScratchWarehouse;
let runDir: string;
let env: Record<string, string>;
const savedEnv = { ...process.env };

interface AuditRun {
  readonly verdict: string;
  readonly master: string;
}

async function auditRuns(): Promise<AuditRun[]> {
  const client = await warehouse.connect('audit');
  return (await client.query<AuditRun>('SELECT verdict, master FROM audit.runs ORDER BY started_at')).rows;
}

beforeAll(async () => {
  warehouse = await scratchWarehouse();
  env = {
    MEDALLION_WAREHOUSE_URL: warehouse.url('writer'),
    MEDALLION_WAREHOUSE_OWNER_URL: warehouse.url('owner'),
    MEDALLION_WAREHOUSE_BI_URL: warehouse.url('bi'),
    MEDALLION_WAREHOUSE_AUDIT_URL: warehouse.url('audit'),
    AIRFLOW_CONN_MEDALLION_WAREHOUSE: warehouse.url('writer'),
  };
  Object.assign(process.env, env);
  runDir = mkdtempSync(path.join(os.tmpdir(), 'medallion-airflow-audit-'));
  chmodSync(runDir, 0o755);
  const up = runCli(['up', '--once', '--scale', '1000', '--seed', '11', '--port', '0', '--dir', path.join(runDir, 'run')]);
  const [code] = await Promise.all([up.exited, airflowEnv()]);
  expect(code, up.output).toBe(0);
}, 1_200_000);

afterAll(async () => {
  process.env = savedEnv;
  await warehouse?.drop();
  if (runDir !== undefined) rmSync(runDir, { recursive: true, force: true });
});

describe('medallion_audit', () => {
  it('prepares, submits the Spark job through the SparkSubmitOperator with the packages, and reports every table equal; the run lands in audit.runs', async () => {
    const run = await airflow(['dags', 'test', 'medallion_audit'], env, AUDIT_MS);
    expect(runState(run.output), run.output.slice(-8000)).toBe('success');
    // The operator's spark-submit: the master from the connection, the JVM packages passed to it.
    expect(run.output).toMatch(/spark-submit --master local\[2\] .*--packages org\.apache\.spark:spark-sql-kafka-0-10_[\d.]+:[\d.]+,org\.apache\.spark:spark-avro_[\d.]+:[\d.]+,org\.postgresql:postgresql:[\d.]+/);
    expect(run.output).toContain('agree: 15 tables, every one equal');
    expect(await auditRuns()).toEqual([{ verdict: 'agree', master: 'local[2]' }]);
    // The job's folder (its config holds the warehouse's passwords) is gone.
    const prepared = /prepared run \S+ in (\S+)/.exec(run.output)?.[1];
    expect(prepared, run.output.slice(-8000)).toBeDefined();
    expect(existsSync(prepared!)).toBe(false);
  }, AUDIT_MS);

  it('fails the run when a gold amount was changed, naming the key and both values, and raises the alert', async () => {
    const writer = await warehouse.connect('writer');
    const [fact] = (await writer.query<{ sale_id: string; net_amount: string }>('SELECT sale_id, net_amount FROM gold.fact_sales WHERE net_amount IS NOT NULL ORDER BY sale_id LIMIT 1')).rows;
    const changed = (Number(fact!.net_amount) + 0.01).toFixed(2);
    await writer.query('UPDATE gold.fact_sales SET net_amount = $2 WHERE sale_id = $1', [fact!.sale_id, changed]);

    const run = await airflow(['dags', 'test', 'medallion_audit'], env, AUDIT_MS);
    expect(runState(run.output), run.output.slice(-8000)).toBe('failed');
    const finding = `gold.fact_sales differs ${fact!.sale_id}: net_amount expected "${fact!.net_amount}" found "${changed}"`;
    expect(run.output).toContain(finding);
    expect(run.output).toMatch(/ALERT medallion_audit\.report in run /);
    // The job reached its verdict: the Spark task succeeded, and was not retried for a finding.
    expect(run.output).not.toMatch(/ALERT medallion_audit\.spark_submit/);
    expect(await auditRuns()).toEqual([{ verdict: 'agree', master: 'local[2]' }, { verdict: 'differ', master: 'local[2]' }]);

    const { rows } = await writer.query<{ task_id: string; message: string }>("SELECT task_id, message FROM meta.alerts WHERE dag_id = 'medallion_audit'");
    expect(rows).toEqual([{ task_id: 'report', message: expect.stringContaining(finding) }]);
    expect(rows[0]!.message).toContain('DIFFERS: 1 of 15 tables differ');
  }, AUDIT_MS);
});
