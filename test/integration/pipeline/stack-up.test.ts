import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { runningStackPipeline, stopStackPipeline } from '../../../pipeline/stack-run-lock.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { outputLine, runCli, type CliRun } from '../cli-run.ts';

// `medallion up` on the local stack, as a user runs it, then `medallion validate` over the warehouse it filled.
const SCALE = '2000';
const ENTITIES = ['sales', 'products', 'employees', 'customers', 'countries', 'categories', 'cities', 'carts'];

function medallion(args: readonly [string, ...string[]]): CliRun {
  const run = runCli(args);
  children.push(run.child);
  return run;
}

/** Every entity's reconciliation row: bronze = silver + duplicates + dead-lettered. */
function expectReconciled(output: string): void {
  for (const entity of ENTITIES) expect(output).toMatch(new RegExp(`^${entity}\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+✔$`, 'm'));
}

/** The summary of a run whose warehouse gold equals its dataset's expected gold, every entity reconciled. */
function expectGoodSummary(output: string): void {
  expect(output, output).toContain("✔ the warehouse's gold equals the expected gold");
  expectReconciled(output);
  expect(output).not.toContain('✘');
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
function runDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-up-test-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return path.join(dir, 'run');
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await sleep(3000);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('medallion up', () => {
  it('keeps running after the summary with Connect in the dashboard and MariaDB changes flowing to gold, refuses a second up, and stops on SIGTERM as medallion down sends it', async () => {
    const run = medallion(['up', '--scale', SCALE, '--seed', '7', '--port', '0', '--dir', runDir()]);
    try {
      const dashboard = await outputLine(run, 'dashboard:', 600_000);
      expectGoodSummary(run.output);
      expect(run.output).toMatch(/clearing the previous run: connectors .*mysql-cdc.* and their offsets/);
      expect(runningStackPipeline()).toBe(run.child.pid);

      const connectors = (await (await fetch(`${dashboard}/api/panel/pipeline/connectors`)).json()) as { data: { rows: { name: string; state: string }[] } };
      for (const name of ['mysql-cdc', 'warehouse-gold-sink', 'warehouse-silver-sink']) expect(connectors.data.rows).toContainEqual(expect.objectContaining({ name, state: 'RUNNING' }));

      // Debezium carries a renamed category through bronze, silver and gold into the warehouse while up runs.
      // Digits only after a capital: silver's name casing (initcap) leaves it as it is.
      const name = `Renamed ${Math.floor(Math.random() * 1e6)}`;
      const { host, port, database, root } = stackEndpoints().mariadb;
      const operational = await mysql.createConnection({ host, port, database, user: root.user, password: root.password });
      const warehouse = new pg.Client({ connectionString: resolveConnections().warehouseUrl });
      await warehouse.connect();
      try {
        const [product] = (await warehouse.query<{ category_id: number }>('SELECT category_id FROM silver.products ORDER BY product_id LIMIT 1')).rows;
        await operational.query('UPDATE categories SET CategoryName = ? WHERE CategoryID = ?', [name, product!.category_id]);
        let renamed = 0;
        for (const deadline = Date.now() + 60_000; renamed === 0 && Date.now() < deadline; await sleep(250)) {
          renamed = Number((await warehouse.query<{ n: string }>('SELECT count(*) AS n FROM gold.product_performance WHERE category_name = $1', [name])).rows[0]!.n);
        }
        expect(renamed).toBeGreaterThan(0);
      } finally {
        await operational.end();
        await warehouse.end();
      }

      const second = medallion(['up', '--once', '--scale', SCALE, '--port', '0', '--dir', runDir()]);
      expect(await second.exited).toBe(1);
      expect(second.output).toContain(`medallion up is already running on this stack (pid ${run.child.pid})`);

      expect(await stopStackPipeline(60_000)).toBe(run.child.pid);
      expect(await run.exited).toBe(0);
      expect(runningStackPipeline()).toBeUndefined();
    } finally {
      // A failed expectation must not leave this run holding the stack for the next test.
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
      await run.exited;
    }
  }, 900_000);

  it('--once on a stack a previous run filled with other data exits 0 with gold equal to its own expected gold, and validate passes, before and after a replay from a time in the run', async () => {
    const begun = Date.now();
    const run = medallion(['up', '--once', '--scale', SCALE, '--seed', '42', '--port', '0', '--dir', runDir()]);
    const code = await run.exited;
    expectGoodSummary(run.output);
    expect(code).toBe(0);

    const validate = async () => {
      const validation = medallion(['validate']);
      expect(await validation.exited, validation.output).toBe(0);
      expect(validation.output).toMatch(/^valid: \d+ checks, none failed$/m);
      expect(validation.output).toMatch(/^reference-gold\s+gold\.fact_sales\s+✔ pass/m);
      expect(validation.output).toMatch(/^enriched-sales\s+silver\.sales_enriched\s+✔ pass/m);
    };
    await validate();

    // A backfill from the middle of the run: silver and gold rewritten from then on, the warehouse still right.
    const from = new Date((begun + Date.now()) / 2).toISOString();
    const replay = medallion(['replay', '--from', from]);
    expect(await replay.exited, replay.output).toBe(0);
    expect(replay.output).toContain(`replaying bronze from ${from} (state rebuilt from the beginning)`);
    expectReconciled(replay.output);
    await validate();
  }, 900_000);

  it('replay refuses a --from that is no time, or one in the future, naming the fix', async () => {
    for (const [from, message] of [
      ['yesterday', '--from "yesterday" is neither earliest nor an ISO 8601 date-time.'],
      [new Date(Date.now() + 3_600_000).toISOString(), 'is in the future: no bronze record is stamped that late yet.'],
    ] as const) {
      const replay = medallion(['replay', '--from', from]);
      expect(await replay.exited).toBe(2);
      expect(replay.output).toContain(message);
    }
  });
});
