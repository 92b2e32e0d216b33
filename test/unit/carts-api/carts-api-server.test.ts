import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CartCatalog, type ApiCart } from '../../../generator/carts-api/cart-catalog.ts';
import { CartsApiError } from '../../../generator/carts-api/carts-api-error.ts';
import { CartsApiServer, type CartsApiEvent } from '../../../generator/carts-api/carts-api-server.ts';
import { newCart } from '../../../generator/carts-api/new-cart.ts';
import { generateDataset } from '../../../generator/generate-dataset.ts';

interface Page {
  carts: ApiCart[];
  total: number;
  skip: number;
  limit: number;
}

describe('the local carts API', () => {
  let dataset: string;
  let api: CartsApiServer;
  const events: CartsApiEvent[] = [];
  const get = (query: string) => fetch(`${api.url}${query}`);
  const page = async (query: string): Promise<Page> => (await get(query)).json() as Promise<Page>;

  beforeAll(async () => {
    dataset = mkdtempSync(join(tmpdir(), 'carts-api-'));
    await generateDataset({ out: dataset, scale: 2000, seed: 3, untidy: true, force: true }, () => {});
  }, 120_000);
  afterAll(() => rmSync(dataset, { recursive: true, force: true }));
  afterEach(() => api.close());

  const start = async (): Promise<void> => {
    events.length = 0;
    api = await CartsApiServer.start({ catalog: await CartCatalog.fromDataset(dataset), onEvent: (e) => events.push(e) });
  };

  it("pages the generated carts like dummyjson: {carts, total, skip, limit}, limit being the carts returned", async () => {
    await start();
    const first = await page('');
    expect({ n: first.carts.length, total: first.total, skip: first.skip, limit: first.limit }).toEqual({ n: 30, total: 50, skip: 0, limit: 30 });
    expect(first.carts[0]).toMatchObject({ id: 1, userId: expect.any(Number) as unknown, products: expect.any(Array) as unknown, createdAt: expect.any(String) as unknown });
    const last = await page('?limit=30&skip=30');
    expect({ ids: last.carts.map((c) => c.id), skip: last.skip, limit: last.limit }).toEqual({ ids: Array.from({ length: 20 }, (_, i) => 31 + i), skip: 30, limit: 20 });
    expect((await page('?limit=0')).carts).toHaveLength(50);
    expect((await page('?skip=50')).carts).toEqual([]);
  });

  it('adds carts at run time with the next ids, and refuses bad requests with a message', async () => {
    await start();
    const added = (await (await fetch(`${api.url}/add`, { method: 'POST', body: JSON.stringify({ userId: 4, products: [], id: 999 }) })).json()) as ApiCart;
    expect(added.id).toBe(51);
    expect((await page('?skip=50')).carts.map((c) => c.id)).toEqual([51]);
    expect(events).toContainEqual({ kind: 'carts-added', ids: [51] });

    const badQuery = await get('?limit=ten');
    expect({ status: badQuery.status, body: await badQuery.json() }).toEqual({ status: 400, body: { message: expect.stringMatching(/limit and skip must be whole numbers/) as unknown } });
    const badBody = await fetch(`${api.url}/add`, { method: 'POST', body: '{"userId":' });
    expect(badBody.status).toBe(400);
    expect((await fetch(`${api.url}/1`)).status).toBe(404);
    expect(() => api.catalog.add([null as unknown as Record<string, unknown>])).toThrow(CartsApiError);
  });

  it('injects each fault into the next request it targets, then serves normally', async () => {
    await start();
    api.inject({ kind: 'too-many-requests', retryAfterSeconds: 3 });
    const limited = await get('');
    expect({ status: limited.status, retryAfter: limited.headers.get('retry-after') }).toEqual({ status: 429, retryAfter: '3' });

    api.inject({ kind: 'server-error' }, { skip: 30, times: 2 });
    expect((await get('?skip=0')).status).toBe(200);
    expect([(await get('?skip=30')).status, (await get('?skip=30')).status, (await get('?skip=30')).status]).toEqual([500, 500, 200]);

    api.inject({ kind: 'malformed-page' });
    const malformed = await (await get('?skip=0')).text();
    expect(() => JSON.parse(malformed) as unknown).toThrow(SyntaxError);

    await get('?limit=10&skip=0');
    api.inject({ kind: 'repeated-page' });
    const repeated = await page('?limit=10&skip=10');
    expect({ skip: repeated.skip, first: repeated.carts[0]?.id }).toEqual({ skip: 0, first: 1 });

    api.inject({ kind: 'slow', delayMs: 50 });
    expect((await page('?limit=10&skip=10')).carts[0]?.id).toBe(11);
    expect(events.flatMap((e) => (e.kind === 'served' && e.fault !== null ? [[e.status, e.fault]] : []))).toEqual([
      [429, 'too-many-requests'],
      [500, 'server-error'],
      [500, 'server-error'],
      [200, 'malformed-page'],
      [200, 'repeated-page'],
      [200, 'slow'],
    ]);
    expect(api.faults.pending).toBe(0);
  });

  it('makes new orders for the demo from known customers and products, with totals that add up', async () => {
    const catalog = await CartCatalog.fromDataset(dataset);
    const known = catalog.page(0, 0);
    const users = new Set(known.map((c) => c.userId));
    const titles = new Map(known.flatMap((c) => (c.products as { id: number; title: string }[]).map((p) => [p.id, p.title] as const)));
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 50; i++) {
      const [added] = catalog.add([newCart(catalog, random, new Date('2018-05-11T09:00:00Z'))]);
      const cart = added as unknown as { id: number; userId: number; createdAt: string; products: { id: number; title: string; price: number; quantity: number; total: number; discountPercentage: number; discountedTotal: number }[] };
      expect(cart.id).toBe(51 + i);
      expect(users.has(cart.userId)).toBe(true);
      expect(cart.createdAt).toBe('2018-05-11T09:00:00.000Z');
      expect(new Set(cart.products.map((p) => p.id)).size).toBe(cart.products.length);
      for (const p of cart.products) {
        expect(titles.get(p.id)).toBe(p.title);
        const totalCents = Math.round(p.price * 100) * p.quantity;
        expect(Math.round(p.total * 100)).toBe(totalCents);
        expect(Math.round(p.discountedTotal * 100)).toBe(Math.floor((2 * totalCents * (10_000 - Math.round(p.discountPercentage * 100)) + 10_000) / 20_000));
      }
    }
    expect(() => newCart(new CartCatalog(), random, new Date())).toThrow(CartsApiError);
  });

  it("reads a folder's dummyjson pages when it has no carts.json, and names a page that is not JSON", async () => {
    const own = mkdtempSync(join(tmpdir(), 'carts-pages-'));
    try {
      mkdirSync(join(own, 'api', 'carts'), { recursive: true });
      const pages = readdirSync(join(dataset, 'api', 'carts')).filter((f) => f.startsWith('page-'));
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) copyFileSync(join(dataset, 'api', 'carts', page), join(own, 'api', 'carts', page));
      const fromPages = await CartCatalog.fromDataset(own);
      const fromAll = await CartCatalog.fromDataset(dataset);
      expect(fromPages.total).toBe(fromAll.total);
      expect(fromPages.page(0, 0)).toEqual(fromAll.page(0, 0));

      writeFileSync(join(own, 'api', 'carts', 'page-9999.json'), '{"carts": [');
      await expect(CartCatalog.fromDataset(own)).rejects.toThrow(/page-9999\.json is not JSON[\s\S]*dummyjson/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('names the missing carts file and the fix', async () => {
    await expect(CartCatalog.fromDataset(join(dataset, 'nowhere'))).rejects.toThrow(/api\/carts\/carts\.json does not exist[\s\S]*medallion generate/);
  });
});
