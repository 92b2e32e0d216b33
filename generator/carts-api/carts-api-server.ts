import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CartCatalog } from './cart-catalog.ts';
import { CartsApiError } from './carts-api-error.ts';
import { FaultPlan, type CartsFault, type FaultTarget } from './carts-faults.ts';

export interface CartsApiOptions {
  readonly catalog: CartCatalog;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly onEvent?: (event: CartsApiEvent) => void;
}

export type CartsApiEvent =
  | { readonly kind: 'listening'; readonly url: string }
  | { readonly kind: 'served'; readonly method: string; readonly path: string; readonly status: number; readonly fault: CartsFault['kind'] | null }
  | { readonly kind: 'carts-added'; readonly ids: readonly number[] };

/** dummyjson's default page size. */
const DEFAULT_LIMIT = 30;
const PAGE_PATH = '/carts';
const ADD_PATH = '/carts/add';

/**
 * A small carts API shaped like https://dummyjson.com/carts, over a catalog of
 * carts: `GET /carts?limit=&skip=` answers {carts, total, skip, limit} (limit 0:
 * all; `limit` in the answer is how many carts it holds, as dummyjson does),
 * `POST /carts/add` appends carts as new orders. Faults injected with `inject`
 * hit the next page requests, so tests and the demo can show how the carts
 * source copes.
 */
export class CartsApiServer {
  readonly faults = new FaultPlan();
  /** The page last served, for the repeated-page fault. */
  private lastPage: string | undefined;
  private readonly server: Server;
  private address = '';

  private constructor(
    readonly catalog: CartCatalog,
    private readonly emit: (event: CartsApiEvent) => void,
  ) {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: Error) => {
        const refused = error instanceof SyntaxError || error instanceof CartsApiError;
        reply(res, refused ? 400 : 500, { message: error.message });
      });
    });
  }

  static async start(options: CartsApiOptions): Promise<CartsApiServer> {
    const host = options.host ?? '127.0.0.1';
    const api = new CartsApiServer(options.catalog, options.onEvent ?? (() => {}));
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(options.port ?? 0, host, () => resolve());
    });
    api.address = `http://${host}:${(api.server.address() as AddressInfo).port}`;
    api.emit({ kind: 'listening', url: api.url });
    return api;
  }

  /** The carts endpoint, e.g. http://127.0.0.1:41234/carts. */
  get url(): string {
    return `${this.address}${PAGE_PATH}`;
  }

  inject(fault: CartsFault, target?: FaultTarget): void {
    this.faults.inject(fault, target);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { emit } = this;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const served = (status: number, fault: CartsFault['kind'] | null = null): void => emit({ kind: 'served', method: req.method ?? '', path: `${url.pathname}${url.search}`, status, fault });
    if (req.method === 'POST' && url.pathname === ADD_PATH) {
      const added = this.catalog.add(cartsOf(JSON.parse(await bodyOf(req)) as unknown));
      emit({ kind: 'carts-added', ids: added.map((c) => c.id) });
      reply(res, 201, added.length === 1 ? added[0] : { carts: added });
      return served(201);
    }
    if (req.method !== 'GET' || url.pathname !== PAGE_PATH) {
      reply(res, 404, { message: `no route ${req.method} ${url.pathname}: this server answers GET ${PAGE_PATH}?limit=&skip= and POST ${ADD_PATH}` });
      return served(404);
    }
    const limit = wholeNumber(url.searchParams.get('limit'), DEFAULT_LIMIT);
    const skip = wholeNumber(url.searchParams.get('skip'), 0);
    if (limit === undefined || skip === undefined) {
      reply(res, 400, { message: 'limit and skip must be whole numbers of 0 or more, e.g. /carts?limit=30&skip=60' });
      return served(400);
    }
    const fault = this.faults.take(skip);
    if (fault?.kind === 'too-many-requests') {
      reply(res, 429, { message: 'too many requests' }, { 'retry-after': String(fault.retryAfterSeconds) });
      return served(429, fault.kind);
    }
    if (fault?.kind === 'server-error') {
      reply(res, 500, { message: 'injected server error' });
      return served(500, fault.kind);
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    const carts = this.catalog.page(skip, limit);
    const page = JSON.stringify({ carts, total: this.catalog.total, skip, limit: carts.length });
    let body = page;
    if (fault?.kind === 'malformed-page') body = page.slice(0, Math.floor(page.length / 2));
    else if (fault?.kind === 'repeated-page') body = this.lastPage ?? page;
    else this.lastPage = page;
    if (res.destroyed) return;
    reply(res, 200, body);
    served(200, fault?.kind ?? null);
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function wholeNumber(text: string | null, fallback: number): number | undefined {
  if (text === null || text === '') return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** POST /carts/add takes one cart, an array of carts, or {carts: [...]}. */
function cartsOf(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  const carts = (body as { carts?: unknown } | null)?.carts;
  return Array.isArray(carts) ? (carts as Record<string, unknown>[]) : [body as Record<string, unknown>];
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
