import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DashboardStatus, type FilterOptions, PAGE_PANELS, type PageName, PAGES, type PanelFailure, type PanelId, type PanelResponse } from '../api-types.ts';
import { DashboardError } from '../dashboard-error.ts';
import type { DashboardEventSink } from '../dashboard-events.ts';
import type { PipelineStatusProvider } from '../pipeline-status.ts';
import type { TopicBrowser } from '../topic-browser.ts';
import type { TraceProvider } from '../trace-provider.ts';
import { isMedallionError } from '../../core/medallion-error.ts';
import { PANELS } from '../queries/panels.ts';
import { tracePage } from '../queries/trace-panels.ts';
import type { PanelQuery } from '../queries/panel.ts';
import type { ChangeListener } from './change-listener.ts';
import type { EventStream } from './event-stream.ts';
import { type ParsedFilters, parseFilters, TOP_RANGE } from './filter-params.ts';
import type { WarehouseClient } from './warehouse-client.ts';
import type { WarehouseFacts } from './warehouse-facts.ts';
import type { WebAsset } from './web-assets.ts';

export interface RouteContext {
  readonly assets: ReadonlyMap<string, WebAsset>;
  readonly db: WarehouseClient;
  readonly facts: WarehouseFacts;
  readonly listener: ChangeListener;
  readonly events: EventStream;
  readonly pipeline: PipelineStatusProvider | undefined;
  readonly trace: TraceProvider | undefined;
  readonly topics: TopicBrowser | undefined;
  readonly changesSeen: ReadonlyMap<string, string>;
  /** ISO time of the last gold change the server heard of. */
  lastChangeAt(): string | null;
  readonly onEvent: DashboardEventSink;
}

// ECharts' tooltips carry inline styles; nothing else is inline, and nothing comes from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

function send(res: ServerResponse, status: number, contentType: string, body: Buffer | string, cache: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': cache });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), 'no-store');
}

function isPage(name: string): name is PageName {
  return (PAGES as readonly string[]).includes(name);
}

function panelQuery<P extends PageName>(page: P, panel: string): PanelQuery | undefined {
  const panels: readonly string[] = PAGE_PANELS[page];
  return panels.includes(panel) ? PANELS[page][panel as PanelId<P>] : undefined;
}

function failure(error: unknown): { status: number; body: PanelFailure } {
  if (error instanceof DashboardError && error.code === 'warehouse-unreachable') return { status: 503, body: { error: 'warehouse-unreachable', message: error.message } };
  return { status: 500, body: { error: 'query-failed', message: (error as Error).message } };
}

const NO_OPTIONS: FilterOptions = { countries: [], categories: [], channels: [], firstDate: null, lastDate: null };

async function panel(ctx: RouteContext, page: PageName, query: PanelQuery, params: URLSearchParams): Promise<PanelResponse> {
  // The Pipeline, Topics and Trace pages take no filters, and their panels from the pipeline need no warehouse.
  const unfiltered = page === 'pipeline' || page === 'topics' || page === 'trace';
  const options = unfiltered ? NO_OPTIONS : await ctx.facts.options();
  const { filters, notices }: ParsedFilters = unfiltered ? { filters: {}, notices: [] } : parseFilters(params, options);
  const data = await query({
    db: ctx.db,
    filters,
    options,
    top: filters.top ?? TOP_RANGE.fallback,
    measure: filters.measure ?? 'revenue',
    pipeline: ctx.pipeline,
    topics: ctx.topics,
    trace: ctx.trace,
    params,
    changesSeen: ctx.changesSeen,
  });
  return { filters, notices, data };
}

async function status(ctx: RouteContext): Promise<DashboardStatus> {
  const warehouse = ctx.listener.current;
  const dataAsOf = warehouse.state === 'up' ? await ctx.facts.dataAsOf().catch(() => null) : null;
  return { warehouse, dataAsOf, lastChangeAt: ctx.lastChangeAt() };
}

/** GET /api/trace?table=&key=[&after=&limit=]: a gold row's sources; a table or key it cannot answer for is a 404 naming it, with the fix. */
async function trace(ctx: RouteContext, res: ServerResponse, params: URLSearchParams): Promise<void> {
  if (ctx.trace === undefined) return json(res, 404, { error: 'not-found', message: 'this dashboard was started without the topics, so it cannot trace a row', fix: 'run medallion trace <table> <key> against Kafka, or open the dashboard of medallion demo or medallion dashboard' });
  try {
    return json(res, 200, await ctx.trace.trace(params.get('table') ?? '', params.get('key') ?? '', tracePage(params)));
  } catch (error) {
    if (!isMedallionError(error)) throw error;
    const [message = error.message] = error.message.split('\n  fix: ');
    return json(res, 404, { error: error.code, message, fix: error.fix });
  }
}

/** The dashboard's HTTP routes: the page (one per PAGES entry), its assets, /api/* and the event stream. */
export async function route(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard');
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'not-found', message: `${req.method} is not served; the dashboard answers GET only` });
  const asset = ctx.assets.get(url.pathname);
  if (asset !== undefined && url.pathname !== '/index.html') return send(res, 200, asset.contentType, asset.body, asset.cache);
  const [, first = '', second, third, ...rest] = url.pathname.split('/');
  if (url.pathname === '/') {
    res.writeHead(302, { location: '/overview' });
    return void res.end();
  }
  if (isPage(first) && second === undefined) {
    const index = ctx.assets.get('/index.html');
    if (index !== undefined) return send(res, 200, index.contentType, index.body, index.cache);
  }
  if (first === 'api') {
    try {
      if (second === 'events' && third === undefined) {
        return ctx.events.open(req, res, [{ event: 'warehouse', data: ctx.listener.current }]);
      }
      if (second === 'status' && third === undefined) return json(res, 200, await status(ctx));
      if (second === 'options' && third === undefined) return json(res, 200, await ctx.facts.options());
      if (second === 'trace' && third === undefined) return await trace(ctx, res, url.searchParams);
      if (second === 'panel' && third !== undefined && isPage(third) && rest.length === 1) {
        const query = panelQuery(third, rest[0] ?? '');
        if (query !== undefined) return json(res, 200, await panel(ctx, third, query, url.searchParams));
      }
    } catch (error) {
      const { status: code, body } = failure(error);
      ctx.onEvent({ kind: 'request-failed', path: url.pathname, message: body.message });
      return json(res, code, body);
    }
  }
  json(res, 404, { error: 'not-found', message: `nothing is served at ${url.pathname}; the pages are ${PAGES.map((p) => `/${p}`).join(', ')}` } satisfies PanelFailure);
}
