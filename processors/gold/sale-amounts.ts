import type { StoredSale } from '../silver/stored-sale.ts';
import { lineAmountCents, toCents } from './money.ts';

/**
 * A sale line's price and net amount (warehouse/reference/gold.sql, fact_sales):
 * its own price, else the product's current one; the source total when there is
 * one (silver already made a 0 total null), else round(quantity × unit_price ×
 * (1 − discount), 2); null while no price is known.
 */
export interface SaleAmounts {
  readonly unitPrice: string | null;
  readonly netCents: number | null;
}

export function saleAmounts(sale: StoredSale, productPrice: string | null): SaleAmounts {
  const [, , , , , , quantity, ownPrice, discount, total] = sale;
  const unitPrice = ownPrice ?? productPrice;
  if (total !== null) return { unitPrice, netCents: toCents(total) };
  return { unitPrice, netCents: unitPrice === null ? null : lineAmountCents(quantity, unitPrice, discount) };
}

const DAY_MS = 86_400_000;
/** Sales fall on few days: each day's text is made once. */
const dayTexts = new Map<number, string>();

/** The UTC date of a time, 'YYYY-MM-DD' (sold_at::date). */
export function utcDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) dayTexts.set(day, (text = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return text;
}
