import type { Rng } from '../prng.ts';
import { SALES_WINDOW, type DatasetSizes } from '../sizes.ts';
import type { SourceRecord } from '../source-contracts.ts';
import { roundDiv } from '../value-format.ts';
import { randomTimestamp } from './random-times.ts';

export interface StoreSalesInputs {
  readonly sizes: DatasetSizes;
  /** Product prices in units of 10^-4, indexed by ProductID - 1. */
  readonly prices: readonly number[];
  /** Keys the first sales file must reference (they arrive later). */
  readonly lateProducts: readonly number[];
  readonly lateEmployees: readonly number[];
  /** Whether sales file i has no TotalPrice column (its sales then have no total). */
  readonly lacksTotal: (fileIndex: number) => boolean;
}

const DISCOUNTS = [0, 0, 0, 0, 0, 0, 0, 1000, 1000, 2000, 500, 1500] as const;
const TXN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function transactionNumber(rng: Rng): string {
  let text = '';
  for (let i = 0; i < 20; i++) text += TXN_CHARS[rng.int(0, TXN_CHARS.length - 1)];
  return text;
}

/** Popular products sell more: low ids are drawn more often. */
function productId(rng: Rng, count: number): number {
  return 1 + Math.floor(count * rng.next() ** 2);
}

/**
 * The truth of the store sales, one array per sales file, SalesIDs 1..scale in order.
 * An order (TransactionNumber) has 1..4 lines with one customer, employee and time,
 * and never spans two files; times rise with the SalesID across the sales window.
 */
export function* planStoreSales(rng: Rng, inputs: StoreSalesInputs): Generator<SourceRecord[]> {
  const { sizes, prices } = inputs;
  const span = SALES_WINDOW.to - SALES_WINDOW.from;
  let nextId = 1;
  let order = 0;
  for (let file = 0; file < sizes.salesFiles; file++) {
    const last = Math.floor(((file + 1) * sizes.storeSales) / sizes.salesFiles);
    const records: SourceRecord[] = [];
    while (nextId <= last) {
      const lines = Math.min(rng.int(1, 4), last - nextId + 1);
      const at = SALES_WINDOW.from + Math.floor((span * (nextId - 1)) / sizes.storeSales);
      const soldAt = randomTimestamp(rng, at, Math.min(SALES_WINDOW.to, at + Math.ceil((span * 4) / sizes.storeSales)));
      const txn = transactionNumber(rng);
      const customer = rng.int(1, sizes.customers);
      const employee = inputs.lateEmployees[order] ?? rng.int(1, sizes.employees);
      const late = inputs.lateProducts[order];
      const products = new Set<number>(late === undefined ? [] : [late]);
      while (products.size < Math.min(lines, sizes.products)) products.add(productId(rng, sizes.products));
      for (const product of products) {
        const quantity = rng.int(1, 25);
        const discount = rng.pick(DISCOUNTS);
        const price = prices[product - 1] ?? 0;
        const total = !inputs.lacksTotal(file) && rng.chance(0.35) ? roundDiv(price * quantity * (10_000 - discount), 1_000_000) : null;
        records.push([nextId++, employee, customer, product, quantity, discount, total, soldAt, txn]);
      }
      order++;
    }
    yield records;
  }
}
