import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedServicesHome } from '../../../pipeline/embedded-services.ts';
import { stackSecrets } from '../../../config/stack-secrets.ts';
import { outputLine, runCli, type CliRun } from '../cli-run.ts';

// The main job as a user runs it: `npm run demo`, in a clean temporary folder.
const SCALE = '3000';

/** `npm run demo` as the README says, or the CLI itself when the test signals it. */
function runDemo(dir: string, extra: readonly string[], via: 'npm' | 'cli' = 'npm'): CliRun {
  return runCli(['demo', '--scale', SCALE, '--port', '0', '--dir', dir, ...extra], via);
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-demo-test-'));
  // mkdtemp makes it private; PostgreSQL runs as its own account when the tests run as root.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  await sleep(3000);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('--once runs every source to the warehouse and exits 0 with gold equal to the expected gold', async () => {
    const run = runDemo(path.join(tempDir(), 'demo'), ['--once']);
    children.push(run.child);
    const code = await run.exited;
    expect(run.output, run.output).toContain("✔ the warehouse's gold equals the expected gold");
    expect(code).toBe(0);
    for (const entity of ['sales', 'products', 'employees', 'customers', 'countries', 'categories', 'cities', 'carts']) {
      expect(run.output).toMatch(new RegExp(`^${entity}\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+✔$`, 'm'));
    }
    expect(run.output).not.toContain('✘');
  }, 600_000);

  it('keeps running: a CSV of sales dropped into the landing folder reaches the warehouse and the dashboard within 10 seconds', async () => {
    const dir = path.join(tempDir(), 'demo');
    const run = runDemo(dir, [], 'cli');
    children.push(run.child);
    const dashboard = await outputLine(run, 'dashboard:', 600_000);
    // The output masks the password; the run's embedded PostgreSQL keeps it in its home's secrets file.
    const warehouseUrl = new URL((await outputLine(run, 'warehouse:', 10_000)).split(/\s+/)[0]!);
    warehouseUrl.password = stackSecrets(embeddedServicesHome(path.join(dir, 'work'))).postgres.bi;
    const overview = async (): Promise<{ orders: number }> => {
      const response = await fetch(`${dashboard}/api/panel/overview/kpis`);
      const body = (await response.json()) as { data: { rows: { metric: string; current: string | number }[] } };
      return { orders: Number(body.data.rows.find((r) => r.metric === 'orders')?.current) };
    };
    const db = new pg.Client({ connectionString: warehouseUrl.toString() });
    await db.connect();
    try {
      const before = await overview();
      // New store sales, keys past the dataset's, of products, customers and an employee it has.
      const rows = [1, 2, 3].map((i) => `${9_000_000 + i},1,1,1,2,0,10.00,2018-05-10 12:00:00,DROP-${i}`);
      const staged = path.join(dir, 'sales-9999.csv');
      writeFileSync(staged, `SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber\n${rows.join('\n')}\n`);
      const dropped = Date.now();
      renameSync(staged, path.join(dir, 'dataset', 'landing', 'sales-9999.csv'));

      let inWarehouse = 0;
      while (inWarehouse < 3 && Date.now() - dropped < 10_000) {
        const result = await db.query<{ n: string }>(`SELECT count(*) AS n FROM gold.fact_sales WHERE sale_id IN ('store-9000001', 'store-9000002', 'store-9000003')`);
        inWarehouse = Number(result.rows[0]!.n);
        if (inWarehouse < 3) await sleep(200);
      }
      expect(inWarehouse).toBe(3);
      let after = await overview();
      // At least: the demo also adds an online order every few seconds.
      while (after.orders < before.orders + 3 && Date.now() - dropped < 10_000) {
        await sleep(200);
        after = await overview();
      }
      expect(after.orders).toBeGreaterThanOrEqual(before.orders + 3);
    } finally {
      await db.end();
    }
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 600_000);
});
