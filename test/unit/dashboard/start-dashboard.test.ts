import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardStatus, PanelFailure } from '../../../dashboard/api-types.ts';
import type { DashboardEvent } from '../../../dashboard/dashboard-events.ts';
import { type Dashboard, startDashboard } from '../../../dashboard/start-dashboard.ts';
import { ECHARTS_URL } from '../../../dashboard/server/web-assets.ts';

/** A loopback port nothing listens on: the warehouse that is not there. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the dashboard server without its warehouse', () => {
  let dashboard: Dashboard;
  let warehouse: string;
  const events: DashboardEvent[] = [];

  beforeAll(async () => {
    const port = await closedPort();
    warehouse = `127.0.0.1:${port}/warehouse`;
    dashboard = await startDashboard({ warehouseUrl: `postgres://warehouse_bi:secret-password@${warehouse}`, port: 0, onEvent: (e) => events.push(e) });
  });

  afterAll(async () => {
    await dashboard?.close();
  });

  it('starts anyway and reports the warehouse down, named without its password', async () => {
    await expect.poll(async () => ((await (await fetch(`${dashboard.url}/api/status`)).json()) as DashboardStatus).warehouse.state).toBe('down');
    const status = (await (await fetch(`${dashboard.url}/api/status`)).json()) as DashboardStatus;
    expect(status).toMatchObject({ warehouse: { warehouse, state: 'down', error: expect.stringContaining('ECONNREFUSED') }, dataAsOf: null });
    expect(JSON.stringify(events)).not.toContain('secret-password');
    expect(events).toContainEqual({ kind: 'listening', url: dashboard.url });
  });

  it('answers a panel with 503 and a message naming the warehouse', async () => {
    const response = await fetch(`${dashboard.url}/api/panel/overview/kpis`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as PanelFailure;
    expect(body.error).toBe('warehouse-unreachable');
    expect(body.message).toContain(`warehouse ${warehouse} is unreachable`);
    expect(body.message).not.toContain('secret-password');
  });

  it('serves the page on each page path, its code and ECharts, with a content security policy', async () => {
    const root = await fetch(`${dashboard.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/overview']);
    const page = await fetch(`${dashboard.url}/customers?country=Spain`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js">');
    const app = await fetch(`${dashboard.url}/assets/app.js`);
    expect(await app.text()).toContain(`from "${ECHARTS_URL}"`);
    const echarts = await fetch(`${dashboard.url}${ECHARTS_URL}`);
    expect([echarts.status, echarts.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it.each([
    ['GET', '/nowhere', 404],
    ['GET', '/api/panel/overview/nowhere', 404],
    ['GET', '/api/panel/nowhere/kpis', 404],
    ['POST', '/api/panel/overview/kpis', 405],
  ])('answers %s %s with %i', async (method, path, status) => {
    expect((await fetch(`${dashboard.url}${path}`, { method })).status).toBe(status);
  });
});
