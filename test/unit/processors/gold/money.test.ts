import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, lineAmountCents } from '../../../../processors/gold/money.ts';
import { formatDecimal } from '../../../../schemas/avro/decimal.ts';

/** round(quantity × price × (1 − discount), 2) in BigInt throughout: the reference. */
function reference(quantity: number, price: bigint, discount: bigint): number {
  return Number(divideRounded(BigInt(quantity) * price * (10_000n - discount), 1_000_000n));
}

describe('gold money', () => {
  it('computes a line amount as exact BigInt arithmetic would, rounding half away from zero, small or huge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.oneof(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n })),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (quantity, price, discount) => {
          expect(lineAmountCents(quantity, formatDecimal(price, 4), formatDecimal(discount, 4))).toBe(reference(quantity, price, discount));
        },
      ),
    );
  });

  it('rounds a half cent away from zero', () => {
    // 1 × 0.0050 × 1 = 0.005 → 0.01; 3 × 1.0050 × 0.5 = 1.5075 → 1.51
    expect(lineAmountCents(1, '0.0050', '0.0000')).toBe(1);
    expect(lineAmountCents(3, '1.0050', '0.5000')).toBe(151);
    expect(lineAmountCents(1, '-0.0050', '0.0000')).toBe(-1);
  });
});
