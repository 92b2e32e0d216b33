import { formatDecimal, parseDecimal, parseUnscaled } from '../../schemas/avro/decimal.ts';

/**
 * Gold's money arithmetic, exact: amounts are integer cents (numeric(14,2) fits
 * a Number exactly), products of price and discount are Numbers while a Number
 * holds them exactly and BigInt beyond, and rounding is PostgreSQL's round() on
 * numeric: half away from zero.
 */
const UNBOUNDED = { precision: 40, scale: 4 } as const;

/** An exact decimal string as integer cents; the value has at most 2 decimals. */
export function toCents(amount: string): number {
  return parseUnscaled(amount, { precision: 40, scale: 2 })!;
}

export function formatCents(cents: number): string {
  return formatDecimal(cents, 2);
}

/** round(quantity × unitPrice × (1 − discount), 2) in cents; unitPrice and discount at scale 4. */
export function lineAmountCents(quantity: number, unitPrice: string, discount: string): number {
  const price = parseUnscaled(unitPrice, UNBOUNDED)!;
  const kept = 10_000 - parseUnscaled(discount, UNBOUNDED)!;
  const scaled = quantity * price * kept;
  // Exact in a Number while 2 × scaled + 1,000,000 stays a safe integer (any real line); BigInt beyond.
  if (scaled >= 0 && Number.isSafeInteger(quantity) && Number.isSafeInteger(price) && Number.isSafeInteger(kept) && scaled <= MAX_NUMBER_SCALED) return Math.floor((2 * scaled + 1_000_000) / 2_000_000);
  return Number(divideRounded(BigInt(quantity) * parseDecimal(unitPrice, UNBOUNDED)! * (10_000n - parseDecimal(discount, UNBOUNDED)!), 1_000_000n));
}

const MAX_NUMBER_SCALED = (Number.MAX_SAFE_INTEGER - 1_000_000) / 2;

/** numerator / denominator rounded half away from zero, as PostgreSQL's round(numeric, 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}
