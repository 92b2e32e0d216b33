import { describe, expect, it } from 'vitest';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { contractColumns, type ContractColumn } from '../../../connectors/contract/contract-columns.ts';
import { parseDate, parseTimestamp } from '../../../connectors/contract/date-formats.ts';
import { BadValue } from '../../../connectors/contract/dead-letter-rules.ts';
import { coerceCell } from '../../../connectors/contract/value-coercion.ts';

function column(entity: 'sales' | 'products' | 'employees', name: string): ContractColumn {
  return contractColumns(bronzeContract(entity)).find((c) => c.name === name)!;
}

const ruleOf = (value: unknown): string | undefined => (value instanceof BadValue ? value.rule : undefined);
const iso = (ms: number | BadValue): string | undefined => (ms instanceof BadValue ? ms.rule : new Date(ms).toISOString());

describe('timestamps', () => {
  it('reads each of the four formats as UTC', () => {
    expect(iso(parseTimestamp('2018-02-05 07:38:25.430'))).toBe('2018-02-05T07:38:25.430Z');
    expect(iso(parseTimestamp('2018-02-05T07:38:25.430Z'))).toBe('2018-02-05T07:38:25.430Z');
    expect(iso(parseTimestamp('02/05/2018 07:38:25'))).toBe('2018-02-05T07:38:25.000Z');
    expect(iso(parseTimestamp('05.02.2018 07:38:25'))).toBe('2018-02-05T07:38:25.000Z');
  });

  it('reads a date alone as its midnight, an offset as what it says, a short fraction as milliseconds', () => {
    for (const date of ['2018-02-05', '02/05/2018', '05.02.2018']) expect(iso(parseTimestamp(date))).toBe('2018-02-05T00:00:00.000Z');
    expect(iso(parseTimestamp('2018-02-05T08:38:25.4+01:00'))).toBe('2018-02-05T07:38:25.400Z');
  });

  it('tells an impossible date from a malformed one', () => {
    for (const text of ['2018-13-45 07:38:25.430', '2018-02-30', '02/30/2018 07:38:25', '30.02.2018 07:38:25', '2018-02-05 24:00:00', '2019-02-29']) expect(iso(parseTimestamp(text))).toBe('impossible-date');
    for (const text of ['yesterday', '2018/02/05', '12x', '2018-02-05 7.38', '']) expect(iso(parseTimestamp(text))).toBe('malformed-date');
    expect(iso(parseTimestamp('2020-02-29 12:00:00'))).toBe('2020-02-29T12:00:00.000Z');
  });

  it('reads a date field as YYYY-MM-DD and accepts a timestamp only at midnight', () => {
    expect(parseDate('05.02.2018')).toBe('2018-02-05');
    expect(parseDate('02/05/2018 00:00:00')).toBe('2018-02-05');
    expect(ruleOf(parseDate('2018-02-05 07:38:25.430'))).toBe('malformed-date');
  });
});

describe('cell coercion by the contract', () => {
  it('makes blank nullable cells null and blank required cells bad', () => {
    expect(coerceCell('', column('sales', 'discount'))).toBeNull();
    expect(coerceCell('   ', column('products', 'class'))).toBeNull();
    expect(coerceCell(undefined, column('sales', 'total_price'))).toBeNull();
    expect(ruleOf(coerceCell('', column('sales', 'sales_id')))).toBe('missing-required');
    expect(ruleOf(coerceCell(' ', column('sales', 'transaction_number')))).toBe('missing-required');
  });

  it('reads integers, refusing malformed and out-of-range ones', () => {
    expect(coerceCell(' 42 ', column('sales', 'sales_id'))).toBe(42);
    for (const text of ['12x', 'N/A', '1.5', '#VALUE!', '1,000']) expect(ruleOf(coerceCell(text, column('sales', 'customer_id')))).toBe('malformed-number');
    expect(ruleOf(coerceCell('2147483648', column('sales', 'customer_id')))).toBe('too-large');
  });

  it('reads decimals exactly at the contract scale', () => {
    expect(coerceCell('12.5', column('products', 'price'))).toBe('12.5000');
    expect(coerceCell('0.1', column('sales', 'discount'))).toBe('0.1000');
    expect(coerceCell('1234567890.99', column('sales', 'total_price'))).toBe('1234567890.99');
    expect(ruleOf(coerceCell('1.2.3', column('products', 'price')))).toBe('malformed-number');
    expect(ruleOf(coerceCell('N/A', column('sales', 'total_price')))).toBe('malformed-number');
    expect(ruleOf(coerceCell('123456789012345', column('sales', 'total_price')))).toBe('too-large');
  });

  it('refuses more decimals than the contract allows instead of rounding: Discount 2, TotalPrice 2, Price 4', () => {
    expect(ruleOf(coerceCell('0.125', column('sales', 'discount')))).toBe('too-many-decimals');
    expect(coerceCell('0.12', column('sales', 'discount'))).toBe('0.1200');
    expect(ruleOf(coerceCell('9.999', column('sales', 'total_price')))).toBe('too-many-decimals');
    expect(ruleOf(coerceCell('2.49999', column('products', 'price')))).toBe('too-many-decimals');
    expect(coerceCell('2.4999', column('products', 'price'))).toBe('2.4999');
    // Trailing zeros are still more decimals than the contract writes: the rule is about the text.
    expect(ruleOf(coerceCell('0.100', column('sales', 'discount')))).toBe('too-many-decimals');
  });

  it('applies the contract checks as out-of-range, naming the bound: positive, non-negative, fraction', () => {
    const bound = (value: unknown): string => (value instanceof BadValue ? `${value.rule} (${value.detail ?? ''})` : 'accepted');
    expect(bound(coerceCell('0', column('sales', 'quantity')))).toBe('out-of-range (must be greater than 0)');
    expect(bound(coerceCell('-3', column('sales', 'quantity')))).toBe('out-of-range (must be greater than 0)');
    expect(bound(coerceCell('-0.01', column('sales', 'total_price')))).toBe('out-of-range (must not be negative)');
    expect(bound(coerceCell('-2', column('products', 'vitality_days')))).toBe('out-of-range (must not be negative)');
    expect(bound(coerceCell('1.01', column('sales', 'discount')))).toBe('out-of-range (must be a fraction from 0 to 1)');
    expect(bound(coerceCell('-5.50', column('sales', 'discount')))).toBe('out-of-range (must be a fraction from 0 to 1)');
    expect(coerceCell('1', column('sales', 'discount'))).toBe('1.0000');
    expect(coerceCell('0', column('sales', 'total_price'))).toBe('0.00');
  });

  it('reads True, False and Unknown (null) as booleans', () => {
    const allergic = column('products', 'is_allergic');
    expect([coerceCell('True', allergic), coerceCell('false', allergic), coerceCell('Unknown', allergic)]).toEqual([true, false, null]);
    expect(ruleOf(coerceCell('maybe', allergic))).toBe('malformed-boolean');
  });

  it('keeps strings as the source spelled them', () => {
    expect(coerceCell('  JOHN ', column('employees', 'first_name'))).toBe('  JOHN ');
  });

  it('types timestamp and date fields', () => {
    expect(coerceCell('05.02.2018 07:38:25', column('sales', 'sales_date'))).toEqual(new Date('2018-02-05T07:38:25Z'));
    expect(coerceCell('1985-03-02', column('employees', 'birth_date'))).toBe('1985-03-02');
    expect(ruleOf(coerceCell('2018-13-45', column('employees', 'birth_date')))).toBe('impossible-date');
  });
});
