import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToDecimal, bytesToDecimalText, decimalPlaces, decimalTextToBytes, decimalToBytes, formatDecimal, parseDecimal, parseUnscaled } from '../../../schemas/avro/decimal.ts';

describe('exact decimals', () => {
  it('parses and formats at the contract scale', () => {
    expect(formatDecimal(parseDecimal('12.3', { precision: 12, scale: 4 })!, 4)).toBe('12.3000');
    expect(formatDecimal(parseDecimal('-0.05', { precision: 5, scale: 4 })!, 4)).toBe('-0.0500');
    expect(formatDecimal(parseDecimal('.5', { precision: 5, scale: 2 })!, 2)).toBe('0.50');
    expect(formatDecimal(parseDecimal('7', { precision: 5, scale: 0 })!, 0)).toBe('7');
  });

  it('refuses more fraction digits than the scale instead of rounding, and counts them', () => {
    for (const text of ['1.005', '1.004', '-1.005', '0.100', '12345678901234567.891']) expect(parseDecimal(text, { precision: 30, scale: 2 })).toBeUndefined();
    expect(decimalTextToBytes('2.49999', { precision: 12, scale: 4 })).toBeUndefined();
    expect([decimalPlaces('1.005'), decimalPlaces('12'), decimalPlaces('.5'), decimalPlaces('12.'), decimalPlaces('N/A'), decimalPlaces('.')]).toEqual([3, 0, 1, 0, undefined, undefined]);
  });

  it('refuses text that is not a decimal or does not fit the precision', () => {
    for (const bad of ['', '.', 'abc', '12x', '1,5', '1.2.3', 'NaN', '1e5']) expect(parseDecimal(bad, { precision: 12, scale: 2 })).toBeUndefined();
    expect(parseDecimal('123456.78', { precision: 7, scale: 2 })).toBeUndefined();
    expect(parseDecimal('12345.67', { precision: 7, scale: 2 })).toBe(1234567n);
  });

  it('round-trips any unscaled value through Avro bytes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (value) => {
        expect(bytesToDecimal(decimalToBytes(value))).toBe(value);
      }),
    );
  });

  it('round-trips any formatted value through parse', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.integer({ min: 0, max: 6 }), (value, scale) => {
        expect(parseDecimal(formatDecimal(value, scale), { precision: 20, scale })).toBe(value);
      }),
    );
  });

  it('takes the same values through the Number shortcuts as through BigInt', () => {
    const texts = fc.oneof(
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).chain((v) => fc.integer({ min: 0, max: 6 }).map((scale) => formatDecimal(v, scale))),
      fc.constantFrom('', '.', '12x', ' 1.5', '1.23456', '-0.005', '+7', '99999999999999.99'),
    );
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 4 }), (text, precision, scale) => {
        const spec = { precision, scale };
        const unscaled = parseDecimal(text, spec);
        expect(decimalTextToBytes(text, spec)).toEqual(unscaled === undefined ? undefined : decimalToBytes(unscaled));
        expect(parseUnscaled(text, spec)).toBe(unscaled === undefined ? undefined : Number(unscaled));
        if (unscaled !== undefined) expect(bytesToDecimalText(decimalToBytes(unscaled), scale)).toBe(formatDecimal(unscaled, scale));
      }),
    );
  });
});
