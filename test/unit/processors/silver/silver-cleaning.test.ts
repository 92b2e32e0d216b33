import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanCategory, cleanCity, cleanCountry, cleanCustomer, cleanEmployee, cleanProduct } from '../../../../processors/silver/clean-dimensions.ts';
import { cleanCartLines, cleanStoreSale } from '../../../../processors/silver/clean-sales.ts';
import { fullName, nameCase } from '../../../../processors/silver/names.ts';
import { RecordRuleError } from '../../../../processors/runtime/processor-error.ts';
import type { BronzeCart, BronzeCustomer, BronzeEmployee, BronzeProduct } from '../../../../schemas/generated/bronze-types.ts';
import { lineage, sampleSale } from '../../schemas/bronze-fixtures.ts';

const product: BronzeProduct = {
  product_id: 4,
  product_name: '  OATS - HONEY GLAZED ',
  price: '37.2800',
  category_id: 2,
  class: ' Medium ',
  modify_date: new Date('2018-01-02T03:04:05.600Z'),
  resistant: 'Unknown',
  is_allergic: null,
  vitality_days: 0,
  extras: {},
  lineage,
};
const employee: BronzeEmployee = {
  employee_id: 3,
  first_name: ' ann',
  middle_initial: 'b',
  last_name: "O'NEIL",
  birth_date: '1980-02-29',
  gender: ' F',
  city_id: 9,
  hire_date: null,
  extras: {},
  lineage,
};
const customer: BronzeCustomer = { customer_id: 8, first_name: 'MARY', middle_initial: null, last_name: 'smith-jones', city_id: 2, address: '  12 Main St\nApt 3 ', extras: {}, lineage };
const cart: BronzeCart = {
  cart_id: 12,
  user_id: 33,
  created_at: new Date('2018-04-19T00:29:12.242Z'),
  lines: [
    { product_id: 1, title: 'Flour', price: '3.49', quantity: 2, total: '6.98', discount_percentage: '12.50', discounted_total: '6.11' },
    { product_id: 2, title: 'Milk', price: '0.99', quantity: 1, total: null, discount_percentage: null, discounted_total: '0.00' },
  ],
  extras: {},
  lineage: { ...lineage, source_kind: 'api' },
};

/** The rule and field a cleaning refuses `run` with. */
function refusal(run: () => unknown): { rule: string; field: string | null; value: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordRuleError) return { rule: error.rule, field: error.field, value: error.value };
    throw error;
  }
  throw new Error('the record was accepted');
}

describe('silver names', () => {
  it('title-cases one-case names word by word, and keeps mixed-case names as the source wrote them', () => {
    const cases: readonly [string, string][] = [
      ['  JOHN ', 'John'],
      ['mary', 'Mary'],
      ["O'NEIL", "O'Neil"],
      ["d'angelo", "D'Angelo"],
      ["FARMER'S MARKET", "Farmer's Market"],
      ["Farmer's Market", "Farmer's Market"],
      ['MCDONALD', 'McDonald'],
      ['McDonald', 'McDonald'],
      ['MACDONALD', 'Macdonald'],
      ['MacKenzie', 'MacKenzie'],
      ['SMITH-JONES', 'Smith-Jones'],
      ['LUDWIG VAN BEETHOVEN', 'Ludwig van Beethoven'],
      ['VAN MORRISON', 'Van Morrison'],
      ['ST. QUINCY', 'St. Quincy'],
      ['north  belmont', 'North Belmont'],
      ['2ND AVENUE', '2nd Avenue'],
      ['STRAßE', 'Straße'],
      ['ÉCOLE DU LOUVRE', 'École du Louvre'],
      ['中文 名字', '中文 名字'],
      ['smith-JONES', 'smith-JONES'],
    ];
    expect(cases.map(([raw]) => nameCase(raw))).toEqual(cases.map(([, clean]) => clean));
  });

  const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉßüÜçñ中文-\' '.split(''), '  ', '\t', '’');
  const names = fc.array(letters, { maxLength: 30 }).map((chars) => chars.join(''));
  const collapse = (text: string): string => text.trim().replace(/\s+/gu, ' ');

  it('changes nothing but case and white space, and is idempotent', () => {
    fc.assert(
      fc.property(names, (raw) => {
        const clean = nameCase(raw);
        expect(clean.toLowerCase()).toBe(collapse(raw).toLowerCase());
        expect(clean).toBe(collapse(clean));
        expect(nameCase(clean)).toBe(clean);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a mixed-case name as written, and gives one name for its all-upper and all-lower renderings', () => {
    const ascii = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-\' '.split('')), { maxLength: 30 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(ascii, (raw) => {
        if (/[A-Z]/.test(raw) && /[a-z]/.test(raw)) expect(nameCase(raw)).toBe(collapse(raw));
        expect(nameCase(raw.toUpperCase())).toBe(nameCase(raw.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });

  it('builds full names with the middle initial and a dot only when there is one', () => {
    expect(fullName('Ann', 'B', 'Cole')).toBe('Ann B. Cole');
    expect(fullName('Ann', null, 'Cole')).toBe('Ann Cole');
  });
});

describe('silver cleaning', () => {
  it('makes a store sale a sales line: store ids, blank discount 0, the product price left to gold', () => {
    expect(cleanStoreSale({ ...sampleSale, discount: null, total_price: '12.50', transaction_number: ' T1 ' })).toEqual({
      sale_id: 'store-7',
      channel: 'store',
      order_id: 'store-T1',
      sold_at: sampleSale.sales_date,
      customer_id: 11,
      employee_id: 3,
      product_id: 5,
      quantity: 2,
      unit_price: null,
      discount: '0.0000',
      total_amount: '12.50',
    });
  });

  it('reads a total of 0, in any spelling, as missing', () => {
    for (const total of ['0', '0.00', '0.0', null]) expect(cleanStoreSale({ ...sampleSale, total_price: total }).total_amount).toBeNull();
  });

  it("makes each cart line an online sale: its own price at scale 4, the percentage as a fraction, a 0 total missing", () => {
    const [first, second] = cleanCartLines(cart);
    expect(first).toEqual({
      sale_id: 'online-12-1',
      channel: 'online',
      order_id: 'online-12',
      sold_at: cart.created_at,
      customer_id: 33,
      employee_id: null,
      product_id: 1,
      quantity: 2,
      unit_price: '3.4900',
      discount: '0.1250',
      total_amount: '6.11',
    });
    expect(second).toMatchObject({ sale_id: 'online-12-2', discount: '0.0000', total_amount: null, unit_price: '0.9900' });
  });

  it('uses the ingest time for a cart the API gave no time', () => {
    expect(cleanCartLines({ ...cart, created_at: null })[0]!.sold_at).toEqual(lineage.ingested_at);
  });

  it('cleans the dimensions: names cased, text trimmed, blank text null, decimals at scale', () => {
    expect(cleanProduct(product)).toEqual({ ...omitMeta(product), product_name: 'Oats - Honey Glazed', class: 'Medium' });
    expect(cleanEmployee(employee)).toEqual({ ...omitMeta(employee), first_name: 'Ann', middle_initial: 'B', last_name: "O'Neil", full_name: "Ann B. O'Neil", gender: 'F' });
    expect(cleanCustomer(customer)).toEqual({ ...omitMeta(customer), first_name: 'Mary', last_name: 'Smith-Jones', full_name: 'Mary Smith-Jones', address: '12 Main St\nApt 3' });
    expect(cleanCountry({ country_id: 1, country_name: ' united  kingdom', country_code: '  ', extras: {}, lineage })).toEqual({ country_id: 1, country_name: 'United Kingdom', country_code: null });
    expect(cleanCategory({ category_id: 2, category_name: '  Shell Fish ', extras: {}, lineage })).toEqual({ category_id: 2, category_name: 'Shell Fish' });
    expect(cleanCity({ city_id: 5, city_name: ' SOUTH RIVERSIDE', zipcode: '07160', country_id: 3, extras: {}, lineage })).toEqual({ city_id: 5, city_name: 'South Riverside', zipcode: '07160', country_id: 3 });
  });
});

describe('silver rules: what silver refuses, by the generator README rule names', () => {
  it('missing-required: a required name or text that is blank once trimmed', () => {
    expect(refusal(() => cleanProduct({ ...product, product_name: '   ' }))).toEqual({ rule: 'missing-required', field: 'product_name', value: '   ' });
    expect(refusal(() => cleanCategory({ category_id: 1, category_name: '', extras: {}, lineage }))).toMatchObject({ rule: 'missing-required', field: 'category_name' });
    expect(refusal(() => cleanCity({ city_id: 1, city_name: ' ', zipcode: null, country_id: 1, extras: {}, lineage }))).toMatchObject({ rule: 'missing-required', field: 'city_name' });
    expect(refusal(() => cleanCountry({ country_id: 1, country_name: '\t', country_code: null, extras: {}, lineage }))).toMatchObject({ rule: 'missing-required', field: 'country_name' });
    expect(refusal(() => cleanEmployee({ ...employee, last_name: ' ' }))).toMatchObject({ rule: 'missing-required', field: 'last_name' });
    expect(refusal(() => cleanCustomer({ ...customer, first_name: '' }))).toMatchObject({ rule: 'missing-required', field: 'first_name' });
    expect(refusal(() => cleanStoreSale({ ...sampleSale, transaction_number: '  ' }))).toMatchObject({ rule: 'missing-required', field: 'transaction_number' });
    expect(refusal(() => cleanCartLines({ ...cart, lines: [] }))).toMatchObject({ rule: 'missing-required', field: 'lines' });
  });

  it('out-of-range: a value below its minimum or above its maximum', () => {
    expect(refusal(() => cleanStoreSale({ ...sampleSale, quantity: 0 }))).toEqual({ rule: 'out-of-range', field: 'quantity', value: '0' });
    expect(refusal(() => cleanStoreSale({ ...sampleSale, discount: '1.0001' }))).toMatchObject({ rule: 'out-of-range', field: 'discount' });
    expect(refusal(() => cleanStoreSale({ ...sampleSale, total_price: '-1.00' }))).toMatchObject({ rule: 'out-of-range', field: 'total_price' });
    expect(refusal(() => cleanProduct({ ...product, price: '-0.0100' }))).toMatchObject({ rule: 'out-of-range', field: 'price', value: '-0.0100' });
    expect(refusal(() => cleanProduct({ ...product, vitality_days: -1 }))).toMatchObject({ rule: 'out-of-range', field: 'vitality_days' });
    const line = cart.lines[0]!;
    expect(refusal(() => cleanCartLines({ ...cart, lines: [{ ...line, quantity: -2 }] }))).toMatchObject({ rule: 'out-of-range', field: 'lines.quantity' });
    expect(refusal(() => cleanCartLines({ ...cart, lines: [{ ...line, discount_percentage: '100.01' }] }))).toMatchObject({ rule: 'out-of-range', field: 'lines.discount_percentage' });
    expect(refusal(() => cleanCartLines({ ...cart, lines: [{ ...line, price: '-3.49' }] }))).toMatchObject({ rule: 'out-of-range', field: 'lines.price' });
    expect(refusal(() => cleanCartLines({ ...cart, lines: [line, { ...line, quantity: 1 }] }))).toMatchObject({ rule: 'duplicate-line', field: 'lines.product_id', value: '1' });
  });
});

function omitMeta<T extends { extras: unknown; lineage: unknown }>(record: T): Omit<T, 'extras' | 'lineage'> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => field !== 'extras' && field !== 'lineage')) as Omit<T, 'extras' | 'lineage'>;
}
