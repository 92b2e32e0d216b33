import { join } from 'node:path';
import { ChunkedWriter } from './chunked-writer.ts';
import type { Value } from './source-contracts.ts';
import type { Cart, CartLine } from './truth/carts.ts';
import { roundDiv } from './value-format.ts';

/** dummyjson's page size. */
export const CART_PAGE_LIMIT = 30;

const money = (cents: number): number => cents / 100;

/** A line's total and discounted total in cents, rounded as dummyjson documents them (2 dp). */
function lineTotals(line: CartLine): { total: number; discounted: number } {
  const total = line.priceCents * line.quantity;
  return { total, discounted: roundDiv(total * (10_000 - line.discountBasisPoints), 10_000) };
}

/** A cart in dummyjson's shape, plus `createdAt` (ISO-8601 UTC) so an online sale has a time. */
export function cartJson(cart: Cart): object {
  const lines = cart.lines.map((line) => ({ line, ...lineTotals(line) }));
  return {
    id: cart.id,
    products: lines.map(({ line, total, discounted }) => ({
      id: line.productId,
      title: line.title,
      price: money(line.priceCents),
      quantity: line.quantity,
      total: money(total),
      discountPercentage: line.discountBasisPoints / 100,
      discountedTotal: money(discounted),
    })),
    total: money(lines.reduce((sum, l) => sum + l.total, 0)),
    discountedTotal: money(lines.reduce((sum, l) => sum + l.discounted, 0)),
    userId: cart.userId,
    totalProducts: lines.length,
    totalQuantity: lines.reduce((sum, l) => sum + l.line.quantity, 0),
    createdAt: new Date(cart.createdAt).toISOString(),
  };
}

/** The clean.sales rows of a cart: one online sale per line. */
export function onlineSales(cart: Cart): Value[][] {
  return cart.lines.map((line) => {
    const { discounted } = lineTotals(line);
    return [
      `online-${cart.id}-${line.productId}`,
      'online',
      `online-${cart.id}`,
      cart.createdAt,
      cart.userId,
      null,
      line.productId,
      line.quantity,
      line.priceCents * 100,
      line.discountBasisPoints,
      discounted === 0 ? null : discounted,
    ];
  });
}

export interface CartFile {
  readonly path: string;
  /** Carts in the file. */
  readonly rows: number;
  readonly bytes: number;
}

export const ALL_CARTS_PATH = 'api/carts/carts.json';

export interface CartFilesReport {
  readonly carts: number;
  readonly lines: number;
  readonly pages: readonly CartFile[];
  readonly all: CartFile;
}

/**
 * Writes api/carts/page-NNNN.json (dummyjson's page: {carts, total, skip, limit}, 30
 * carts a page; like dummyjson, `limit` is the number of carts the page holds) and
 * api/carts/carts.json (every cart, for a server to page itself).
 */
export function writeCartFiles(out: string, total: number, carts: Iterable<Cart>, onCart: (cart: Cart) => void): CartFilesReport {
  const all = new ChunkedWriter(join(out, ALL_CARTS_PATH));
  const pages: CartFile[] = [];
  let page: string[] = [];
  let count = 0;
  let lines = 0;
  const writePage = (): void => {
    const path = `api/carts/page-${String(pages.length + 1).padStart(4, '0')}.json`;
    const file = new ChunkedWriter(join(out, path));
    file.write(`{"carts":[${page.join(',')}],"total":${total},"skip":${pages.length * CART_PAGE_LIMIT},"limit":${page.length}}\n`);
    pages.push({ path, rows: page.length, bytes: file.close() });
    page = [];
  };
  all.write('{"carts":[');
  for (const cart of carts) {
    const json = JSON.stringify(cartJson(cart));
    all.write((count === 0 ? '' : ',') + json);
    page.push(json);
    count++;
    lines += cart.lines.length;
    onCart(cart);
    if (page.length === CART_PAGE_LIMIT) writePage();
  }
  if (page.length > 0) writePage();
  all.write(`],"total":${count},"skip":0,"limit":${count}}\n`);
  return { carts: count, lines, pages, all: { path: ALL_CARTS_PATH, rows: count, bytes: all.close() } };
}
