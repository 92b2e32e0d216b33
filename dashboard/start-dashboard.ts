import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DashboardError } from './dashboard-error.ts';
import type { DashboardEventSink } from './dashboard-events.ts';
import type { PipelineStatusProvider } from './pipeline-status.ts';
import type { TopicBrowser } from './topic-browser.ts';
import type { TraceProvider } from './trace-provider.ts';
import { ChangeListener } from './server/change-listener.ts';
import { EventStream } from './server/event-stream.ts';
import { route } from './server/routes.ts';
import { sharedPipelineStatus } from './server/shared-pipeline-status.ts';
import { WarehouseClient } from './server/warehouse-client.ts';
import { WarehouseFacts } from './server/warehouse-facts.ts';
import { webAssets } from './server/web-assets.ts';

export interface DashboardOptions {
  /** The warehouse as the read-only BI role (Connections.warehouseBiUrl). */
  readonly warehouseUrl: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 127.0.0.1: the dashboard is for this machine unless told otherwise. */
  readonly host?: string;
  /** Feeds the Pipeline page; without one the page says what is missing. */
  readonly pipelineStatus?: PipelineStatusProvider;
  /** Answers /api/trace and the "where does this come from" links; without one they say what is missing. */
  readonly trace?: TraceProvider;
  /** Feeds the Topics page; without one the page says what is missing. */
  readonly topics?: TopicBrowser;
  /** How long gold changes are collected before browsers are told (default 500 ms). */
  readonly debounceMs?: number;
  readonly onEvent?: DashboardEventSink;
}

export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
/** Where `medallion dashboard`, the demo and `medallion up` serve it unless told otherwise. */
export const DEFAULT_DASHBOARD_PORT = 28_080;
const DEFAULT_DEBOUNCE_MS = 500;

/**
 * Serves the live dashboard of the gold warehouse. It starts whether or not
 * the warehouse answers: the page shows a banner naming the warehouse until it
 * does, and every open page refreshes when gold changes (LISTEN gold_changed).
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const onEvent = options.onEvent ?? (() => {});
  const assets = await webAssets();
  const db = new WarehouseClient(options.warehouseUrl);
  const facts = new WarehouseFacts(db);
  const events = new EventStream();
  const changesSeen = new Map<string, string>();
  let lastChangeAt: string | null = null;
  const listener = new ChangeListener({
    url: options.warehouseUrl,
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    onState(state) {
      events.send('warehouse', state);
      onEvent({ kind: 'warehouse', state });
    },
    onChange(tables) {
      const at = new Date().toISOString();
      lastChangeAt = at;
      for (const table of tables) changesSeen.set(table, at);
      facts.invalidate();
      events.send('gold-changed', { tables, at });
      onEvent({ kind: 'gold-changed', tables });
    },
  });
  const context = { assets, db, facts, listener, events, pipeline: options.pipelineStatus === undefined ? undefined : sharedPipelineStatus(options.pipelineStatus), trace: options.trace, topics: options.topics, changesSeen, lastChangeAt: () => lastChangeAt, onEvent };
  const server = createServer((req, res) => {
    route(context, req, res).catch((error: unknown) => {
      onEvent({ kind: 'request-failed', path: req.url ?? '', message: (error as Error).message });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const host = options.host ?? DEFAULT_HOST;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    events.close();
    await db.close();
    throw new DashboardError('listen-failed', `the dashboard cannot listen on ${host}:${options.port}: ${(error as Error).message}`, 'pass another --port (0 picks a free one) or stop what listens there', { cause: error });
  }
  listener.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  onEvent({ kind: 'listening', url });
  return {
    url,
    async close() {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await listener.close();
      await db.close();
    },
  };
}
