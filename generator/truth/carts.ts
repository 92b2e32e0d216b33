import type { Rng } from '../prng.ts';
import { SALES_WINDOW, type DatasetSizes } from '../sizes.ts';
import { randomTimestamp } from './random-times.ts';

/** One cart line: money in cents, the discount in hundredths of a percent. */
export interface CartLine {
  readonly productId: number;
  readonly title: string;
  readonly priceCents: number;
  readonly quantity: number;
  readonly discountBasisPoints: number;
}

export interface Cart {
  readonly id: number;
  readonly userId: number;
  readonly createdAt: number;
  readonly lines: readonly CartLine[];
}

export interface CartProducts {
  /** Names and prices (units of 10^-4) indexed by ProductID - 1. */
  readonly names: readonly string[];
  readonly prices: readonly number[];
}

/** The online orders: cart ids 1..n, 1..5 distinct products each, priced at the product's price in cents. */
export function* planCarts(rng: Rng, sizes: DatasetSizes, products: CartProducts): Generator<Cart> {
  for (let id = 1; id <= sizes.carts; id++) {
    const userId = rng.int(1, sizes.customers);
    const createdAt = randomTimestamp(rng, SALES_WINDOW.from, SALES_WINDOW.to);
    const ids = rng.distinct(rng.int(1, 5), sizes.products).map((i) => i + 1);
    const lines = ids.map((productId): CartLine => ({
      productId,
      title: products.names[productId - 1] ?? '',
      priceCents: Math.round((products.prices[productId - 1] ?? 0) / 100),
      quantity: rng.int(1, 5),
      discountBasisPoints: rng.chance(0.2) ? 0 : rng.int(1, 2500),
    }));
    yield { id, userId, createdAt, lines };
  }
}
