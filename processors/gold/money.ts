import { formatDecimal, parseDecimal } from '../../schemas/avro/decimal.ts';

/**
 * Gold's money arithmetic, exact: amounts are integer cents (numeric(14,2) fits
 * a Number exactly), products of price and discount are BigInt, and rounding is
 * PostgreSQL's round() on numeric: half away from zero.
 */
const UNBOUNDED = { precision: 40, scale: 4 } as const;

/** An exact decimal string as integer cents; the value has at most 2 decimals. */
export function toCents(amount: string): number {
  return Number(parseDecimal(amount, { precision: 40, scale: 2 })!);
}

export function formatCents(cents: number): string {
  return formatDecimal(BigInt(cents), 2);
}

/** round(quantity × unitPrice × (1 − discount), 2) in cents; unitPrice and discount at scale 4. */
export function lineAmountCents(quantity: number, unitPrice: string, discount: string): number {
  const scaled = BigInt(quantity) * parseDecimal(unitPrice, UNBOUNDED)! * (10_000n - parseDecimal(discount, UNBOUNDED)!);
  return Number(divideRounded(scaled, 1_000_000n));
}

/** numerator / denominator rounded half away from zero, as PostgreSQL's round(numeric, 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}
