import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_ENTITIES, CLEAN_TABLES, type CleanEntity } from '../../../generator/clean-tables.ts';
import type { Value } from '../../../generator/source-contracts.ts';
import { nameRule, readClean } from './contract-reader.ts';
import { type Dataset, generateInTemp } from './datasets.ts';

/** The warehouse contract's gold columns (shared/DESIGN.md and the generator brief), with a type to read each. */
const GOLD = {
  fact_sales: 'sale_id:s channel:s order_id:s sold_at:t sale_date:d customer_id:i employee_id:i product_id:i quantity:i unit_price:4 discount:4 net_amount:2',
  dim_product: 'product_id:i product_name:s price:4 category_id:i category_name:s class:s modify_date:t resistant:s is_allergic:b vitality_days:i',
  dim_customer: 'customer_id:i first_name:s middle_initial:s last_name:s full_name:s address:s city_id:i city_name:s zipcode:s country_id:i country_name:s country_code:s',
  dim_employee: 'employee_id:i first_name:s middle_initial:s last_name:s full_name:s birth_date:d gender:s hire_date:t city_id:i city_name:s country_name:s',
  sales_daily: 'sale_date:d channel:s orders:i quantity:i revenue:2',
  product_performance: 'product_id:i product_name:s category_name:s orders:i quantity:i revenue:2',
  employee_metrics: 'employee_id:i full_name:s orders:i customers_served:i revenue:2 avg_order_value:2',
  customer_metrics: 'customer_id:i full_name:s city_name:s country_name:s orders:i revenue:2 first_purchase_at:t last_purchase_at:t',
} as const;
type GoldTable = keyof typeof GOLD;

const roundDiv = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));
const DAY = 86_400_000;

/** Reads expected/gold/<table>.csv: checks the header, then numerics as integers in units of their scale, times as epoch ms. */
function readGold(dir: string, table: GoldTable): Value[][] {
  const columns = GOLD[table].split(' ').map((c) => c.split(':') as [string, string]);
  const [header, ...rows] = parse(readFileSync(join(dir, `expected/gold/${table}.csv`))) as string[][];
  expect(header).toEqual(columns.map(([name]) => name));
  return rows.map((row) =>
    row.map((text, i): Value => {
      const type = columns[i]?.[1];
      if (text === '') return null;
      if (type === 's') return text;
      if (type === 'b') return text === 't';
      if (type === 't' || type === 'd') return Date.parse(type === 'd' ? text : `${text.replace(' ', 'T')}Z`);
      if (type === '2' || type === '4') {
        const [whole = '', fraction = ''] = text.split('.');
        expect(fraction, `${table}: ${text} has scale ${type}`).toHaveLength(Number(type));
        return Number(whole + fraction);
      }
      return Number(text);
    }),
  );
}

const fullName = (first: Value, middle: Value, last: Value): string => `${String(first)} ${middle === null ? '' : `${String(middle)}. `}${String(last)}`;

describe('expected/gold agrees with expected/clean', () => {
  let data: Dataset;
  const clean = {} as Record<CleanEntity, Value[][]>;
  const gold = {} as Record<GoldTable, Value[][]>;

  beforeAll(async () => {
    data = await generateInTemp(31, true);
    for (const entity of CLEAN_ENTITIES) clean[entity] = readClean(data.dir, entity);
    for (const table of Object.keys(GOLD) as GoldTable[]) gold[table] = readGold(data.dir, table);
  }, 60_000);
  afterAll(() => data?.remove());

  const index = (entity: CleanEntity): Map<Value, Value[]> => new Map(clean[entity].map((row) => [row[0] ?? null, row]));

  /** fact_sales recomputed in TypeScript: store lines at the product's price, a source total when present. */
  function facts(): Value[][] {
    const products = index('products');
    return clean.sales
      .map(([saleId, channel, orderId, soldAt, customer, employee, product, quantity, unitPrice, discount, total]) => {
        const unit = unitPrice ?? products.get(product ?? null)?.[2] ?? null;
        const net = total ?? roundDiv(Number(quantity) * Number(unit) * (10_000 - Number(discount)), 1_000_000);
        return [saleId ?? null, channel ?? null, orderId ?? null, soldAt ?? null, Number(soldAt) - (Number(soldAt) % DAY), customer ?? null, employee ?? null, product ?? null, quantity ?? null, unit, discount ?? null, net];
      })
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  }

  it('fact_sales: one row per clean sale, net amounts recomputed exactly, sorted by sale_id', () => {
    expect(gold.fact_sales).toEqual(facts());
    expect(data.manifest.gold.fact_sales).toBe(clean.sales.length);
  });

  it('dimensions: the current version of each key with category, city and country names resolved', () => {
    const [categories, cities, countries] = [index('categories'), index('cities'), index('countries')];
    expect(gold.dim_product).toEqual(clean.products.map(([id, name, price, category, ...rest]) => [id, name, price, category, categories.get(category ?? null)?.[1], ...rest]));
    expect(gold.dim_customer).toEqual(
      clean.customers.map(([id, first, middle, last, city, address]) => {
        const c = cities.get(city ?? null) ?? [];
        const country = countries.get(c[3] ?? null) ?? [];
        return [id, first, middle, last, fullName(first ?? null, middle ?? null, last ?? null), address, city, c[1], c[2], c[3], country[1], country[2]];
      }),
    );
    expect(gold.dim_employee).toEqual(
      clean.employees.map(([id, first, middle, last, birth, gender, city, hire]) => {
        const c = cities.get(city ?? null) ?? [];
        return [id, first, middle, last, fullName(first ?? null, middle ?? null, last ?? null), birth, gender, hire, city, c[1], countries.get(c[3] ?? null)?.[1]];
      }),
    );
  });

  it('aggregates: recomputed in TypeScript from the facts, every dimension row present', () => {
    const fact = facts();
    const group = (key: (f: Value[]) => string): Map<string, { orders: Set<Value>; customers: Set<Value>; quantity: number; revenue: number; first: number; last: number }> => {
      const groups = new Map<string, { orders: Set<Value>; customers: Set<Value>; quantity: number; revenue: number; first: number; last: number }>();
      for (const f of fact) {
        const g = groups.get(key(f)) ?? { orders: new Set(), customers: new Set(), quantity: 0, revenue: 0, first: Infinity, last: -Infinity };
        g.orders.add(f[2] ?? null);
        g.customers.add(f[5] ?? null);
        g.quantity += Number(f[8]);
        g.revenue += Number(f[11]);
        g.first = Math.min(g.first, Number(f[3]));
        g.last = Math.max(g.last, Number(f[3]));
        groups.set(key(f), g);
      }
      return groups;
    };
    const daily = [...group((f) => `${String(f[4]).padStart(15, '0')}|${String(f[1])}`)].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(gold.sales_daily).toEqual(daily.map(([key, g]) => [Number(key.split('|')[0]), key.split('|')[1], g.orders.size, g.quantity, g.revenue]));

    const byProduct = group((f) => String(f[7]));
    expect(gold.product_performance).toEqual(gold.dim_product.map((p) => {
      const g = byProduct.get(String(p[0]));
      return [p[0], p[1], p[4], g?.orders.size ?? 0, g?.quantity ?? 0, g?.revenue ?? 0];
    }));
    const byEmployee = group((f) => String(f[6]));
    expect(gold.employee_metrics).toEqual(gold.dim_employee.map((e) => {
      const g = byEmployee.get(String(e[0]));
      return [e[0], e[4], g?.orders.size ?? 0, g?.customers.size ?? 0, g?.revenue ?? 0, g === undefined ? 0 : roundDiv(g.revenue, g.orders.size)];
    }));
    const byCustomer = group((f) => String(f[5]));
    expect(gold.customer_metrics).toEqual(gold.dim_customer.map((c) => {
      const g = byCustomer.get(String(c[0]));
      return [c[0], c[4], c[7], c[10], g?.orders.size ?? 0, g?.revenue ?? 0, g?.first ?? null, g?.last ?? null];
    }));
  });

  it('revenue adds up the same way through every table', () => {
    const sum = (rows: Value[][], column: number): number => rows.reduce((s, r) => s + Number(r[column]), 0);
    const total = sum(gold.fact_sales, 11);
    expect(sum(gold.sales_daily, 4)).toBe(total);
    expect(sum(gold.product_performance, 5)).toBe(total);
    expect(sum(gold.customer_metrics, 5)).toBe(total);
    expect(sum(gold.employee_metrics, 4)).toBe(sum(gold.fact_sales.filter((f) => f[1] === 'store'), 11));
    expect(sum(gold.sales_daily, 3)).toBe(sum(gold.fact_sales, 8));
  });

  it('every foreign key of the truth resolves', () => {
    const has = (entity: CleanEntity, key: Value): boolean => index(entity).has(key);
    for (const f of gold.fact_sales) {
      expect(has('products', f[7] ?? null) && has('customers', f[5] ?? null), String(f[0])).toBe(true);
      expect(f[1] === 'online' ? f[6] === null : has('employees', f[6] ?? null), String(f[0])).toBe(true);
    }
    for (const p of clean.products) expect(has('categories', p[3] ?? null)).toBe(true);
    for (const c of [...clean.customers.map((r) => r[4]), ...clean.employees.map((r) => r[6])]) expect(has('cities', c ?? null)).toBe(true);
    for (const c of clean.cities) expect(has('countries', c[3] ?? null)).toBe(true);
  });

  it('clean files are PostgreSQL’s own CSV text of the truth, whose names are trimmed and come back from any one-case rendering', async () => {
    const db = await PGlite.create();
    try {
      await db.exec('CREATE SCHEMA clean;');
      for (const entity of CLEAN_ENTITIES) {
        const table = CLEAN_TABLES[entity];
        await db.exec(`CREATE TABLE clean.${entity} (${table.columns.map(([c, t]) => `${c} ${t}`).join(', ')}, PRIMARY KEY (${table.key}));`);
        const file = readFileSync(join(data.dir, `expected/clean/${entity}.csv`));
        await db.query(`COPY clean.${entity} FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([new Uint8Array(file)]) });
        const out = await db.query(`COPY clean.${entity} TO '/dev/blob' WITH (FORMAT csv, HEADER true)`);
        expect(await out.blob?.text(), entity).toBe(file.toString('utf8'));
        for (const [column, type] of table.columns.filter(([c, t]) => t === 'text' && c !== 'address')) {
          const values = (await db.query<Record<string, string | null>>(`SELECT ${column} FROM clean.${entity}`)).rows.map((row) => row[column] ?? '');
          const name = /name|initial/.test(column);
          // A name of the truth is what the name rule makes of it, also from all upper or all lower case.
          const bad = values.filter((v) => v !== v.trim() || (name && [v, v.toUpperCase(), v.toLowerCase()].some((variant) => nameRule(variant) !== v)));
          expect(bad, `${entity}.${column} (${type})`).toEqual([]);
        }
      }
    } finally {
      await db.close();
    }
  });
});
