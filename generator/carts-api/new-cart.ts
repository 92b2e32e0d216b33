import { roundDiv } from '../value-format.ts';
import type { CartCatalog } from './cart-catalog.ts';
import { CartsApiError } from './carts-api-error.ts';

interface KnownProduct {
  readonly id: number;
  readonly title: string;
  readonly priceCents: number;
}

/**
 * A new online order, for the demo to add while the pipeline runs: a customer
 * of an earlier cart buys one to three products seen in earlier carts, at their
 * prices, placed at `at`, with totals as dummyjson documents them (line total =
 * price × quantity; discounted total = total × (1 − discount%), cents rounded
 * half up), so it resolves in silver and adds up in gold. The catalog gives it
 * its id when it is added.
 */
export function newCart(catalog: CartCatalog, random: () => number, at: Date): Record<string, unknown> {
  const carts = catalog.page(0, 0);
  const products = new Map<number, KnownProduct>();
  const users: number[] = [];
  for (const cart of carts) {
    if (Number.isInteger(cart.userId)) users.push(cart.userId as number);
    for (const line of Array.isArray(cart.products) ? (cart.products as Record<string, unknown>[]) : []) {
      if (Number.isInteger(line.id) && typeof line.title === 'string' && typeof line.price === 'number') {
        products.set(line.id as number, { id: line.id as number, title: line.title, priceCents: Math.round(line.price * 100) });
      }
    }
  }
  if (users.length === 0 || products.size === 0) {
    throw new CartsApiError('bad-cart', `the catalog's ${carts.length} carts name no customer and product to order again`, 'start the server over a generated dataset (CartCatalog.fromDataset)');
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const pool = [...products.values()];
  const lines = new Map<number, KnownProduct>();
  const wanted = 1 + Math.floor(random() * 3);
  while (lines.size < Math.min(wanted, pool.length)) {
    const product = pick(pool);
    lines.set(product.id, product);
  }
  const rows = [...lines.values()].map((product) => {
    const quantity = 1 + Math.floor(random() * 5);
    const discountBasisPoints = Math.floor(random() * 21) * 100;
    const total = product.priceCents * quantity;
    const discounted = roundDiv(total * (10_000 - discountBasisPoints), 10_000);
    return { product, quantity, discountBasisPoints, total, discounted };
  });
  const money = (cents: number): number => cents / 100;
  return {
    products: rows.map((r) => ({
      id: r.product.id,
      title: r.product.title,
      price: money(r.product.priceCents),
      quantity: r.quantity,
      total: money(r.total),
      discountPercentage: r.discountBasisPoints / 100,
      discountedTotal: money(r.discounted),
    })),
    total: money(rows.reduce((sum, r) => sum + r.total, 0)),
    discountedTotal: money(rows.reduce((sum, r) => sum + r.discounted, 0)),
    userId: pick(users),
    totalProducts: rows.length,
    totalQuantity: rows.reduce((sum, r) => sum + r.quantity, 0),
    createdAt: at.toISOString(),
  };
}
