import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { generateDataset } from '../../generator/generate-dataset.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import type { ServiceName } from '../../stack/service.ts';
import { stackContext, stackStatus, stackUp } from '../../stack/stack.ts';
import { stackDownWithAirflow } from '../../orchestration/airflow-runner/airflow-stack.ts';
import { loadExpectedGold } from '../../generator/load-csv.ts';
import { migrateWarehouse } from '../../warehouse/migrate.ts';
import { leaseStack, mayStopStack } from '../stack-lease.ts';

/** What the browser tests get (inject('warehouse')): a fresh database of the stack's PostgreSQL, gold loaded. */
export interface TestWarehouse {
  /** As the read-only BI role: what the dashboard reads through. */
  readonly biUrl: string;
  /** As the admin: what the tests compare with and write to. */
  readonly adminUrl: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    warehouse: TestWarehouse;
  }
}

// Small enough to load in seconds, big enough for every panel to have rows (20 products, 60 customers, 5 employees).
const SCALE = 3000;
const SEED = 7;
const BROWSER_SERVICES: ServiceName[] = ['postgres', 'kafka', 'registry', 'connect'];

const url = (user: string, password: string, host: string, port: number, database: string): string =>
  `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;

/**
 * Starts the stack's PostgreSQL, and Kafka, the registry and Connect for the
 * Pipeline and Topics pages of a dashboard beside them (or reuses them), creates a database of its
 * own for this run, applies the warehouse migrations and loads the expected
 * gold of a small generated dataset. Everything is removed afterwards, and
 * PostgreSQL is stopped again if this run started it and no other run uses it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ctx = stackContext((event) => {
    if (event.kind === 'step') console.log(`[stack] ${event.service}: ${event.message}`);
  });
  const release = leaseStack();
  const wasUp = (await stackStatus(ctx)).filter((s) => BROWSER_SERVICES.includes(s.service)).every((s) => s.health.healthy);
  await stackUp(ctx, BROWSER_SERVICES);
  const endpoint = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
  const database = `dashboard_test_${randomBytes(4).toString('hex')}`;
  const admin = (db: string): pg.Client => new pg.Client({ host: endpoint.host, port: endpoint.port, user: endpoint.admin.user, password: endpoint.admin.password, database: db });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medallion-dashboard-test-'));

  const server = admin('postgres');
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${database}`);
    await server.query(`GRANT CONNECT ON DATABASE ${database} TO ${pg.escapeIdentifier(endpoint.bi.user)}`);
  } finally {
    await server.end();
  }
  await generateDataset({ out: dataDir, scale: SCALE, seed: SEED, untidy: false, force: true }, () => {});
  const client = admin(database);
  await client.connect();
  try {
    await migrateWarehouse(client);
    await loadExpectedGold(client, path.join(dataDir, 'expected', 'gold'));
  } finally {
    await client.end();
  }

  project.provide('warehouse', {
    biUrl: url(endpoint.bi.user, endpoint.bi.password, endpoint.host, endpoint.port, database),
    adminUrl: url(endpoint.admin.user, endpoint.admin.password, endpoint.host, endpoint.port, database),
    host: endpoint.host,
    port: endpoint.port,
    database,
  });

  return async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const cleanup = admin('postgres');
    try {
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } catch (error) {
      // Another suite's teardown may have stopped PostgreSQL first; then the (small) database is left behind.
      console.warn(`[browser] could not drop test database ${database}: ${(error as Error).message}`);
    } finally {
      await cleanup.end().catch(() => {});
    }
    const others = release();
    if (!wasUp && mayStopStack(others, 'PostgreSQL, Kafka, the registry and Connect')) await stackDownWithAirflow(ctx, BROWSER_SERVICES);
  };
}
