import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airflowApi } from '../../orchestration/airflow-runner/airflow-api.ts';
import { airflowDown, airflowStatus, airflowUp } from '../../orchestration/airflow-runner/airflow-stack.ts';
import { stackContext, stackDown, stackStatus, stackUp } from '../../stack/stack.ts';
import type { ServiceName } from '../../stack/service.ts';
import { leaseStack, mayStopStack } from '../stack-lease.ts';
import { launchBrowser, openPage } from './dashboard-kit.ts';

// `medallion airflow up` as a user runs it, then its UI in headless Chromium: the login, the DAGs, a successful run.
const ctx = stackContext();
// What the dead-letter DAG's run needs besides PostgreSQL: Kafka and the registry the CLI reads the dlq.* topics through.
const NEEDED: readonly ServiceName[] = ['kafka', 'registry'];
const DAGS = ['medallion_audit', 'medallion_checks', 'medallion_connectors', 'medallion_dead_letters', 'medallion_replay'];
let browser: Browser;
let release: () => number[];
let startedStack: ServiceName[] = [];
let startedAirflow = false;
let login: { url: string; user: string; password: string };
let runId: string;

beforeAll(async () => {
  release = leaseStack();
  const healthy = new Set((await stackStatus(ctx)).filter((s) => s.health.healthy).map((s) => s.service));
  startedStack = NEEDED.filter((s) => !healthy.has(s));
  await stackUp(ctx, NEEDED);
  startedAirflow = !(await airflowStatus(ctx)).health.healthy;
  const status = await airflowUp(ctx, () => {});
  login = { url: status.url, user: status.user, password: status.password! };
  const api = airflowApi(login);

  // One run by hand of the dead-letter DAG (the last hour's dead letters), waited for through the REST API.
  runId = (await api.post<{ dag_run_id: string }>('/api/v2/dags/medallion_dead_letters/dagRuns', { logical_date: null })).dag_run_id;
  let state = 'queued';
  for (const deadline = Date.now() + 600_000; !['success', 'failed'].includes(state) && Date.now() < deadline; await new Promise((r) => setTimeout(r, 2000))) {
    state = (await api.get<{ state: string }>(`/api/v2/dags/medallion_dead_letters/dagRuns/${encodeURIComponent(runId)}`)).state;
  }
  expect(state).toBe('success');
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  const others = release();
  if (startedAirflow && mayStopStack(others, 'Airflow')) await airflowDown(ctx);
  if (startedStack.length > 0 && mayStopStack(others, 'the stack')) await stackDown(ctx, startedStack);
}, 120_000);

describe('the Airflow UI', () => {
  it('logs in, lists the medallion DAGs, and shows the successful run', async () => {
    const { page } = await openPage(browser);
    await page.goto(login.url);
    await page.fill('input[name="username"]', login.user);
    await page.fill('input[name="password"]', login.password);
    await page.click('button[type="submit"]');
    await page.goto(`${login.url}/dags`);
    for (const dag of DAGS) await page.getByText(dag, { exact: true }).first().waitFor({ timeout: 60_000 });
    const screenshots = path.resolve('test-results/screenshots');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'airflow-dags.png') });

    await page.goto(`${login.url}/dags/medallion_dead_letters/runs/${encodeURIComponent(runId)}`);
    await page.getByText(runId).first().waitFor({ timeout: 60_000 });
    await page.getByText('success', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(screenshots, 'airflow-run.png') });
    expect(await page.getByText('summarise').count()).toBeGreaterThan(0);
  }, 300_000);
});
