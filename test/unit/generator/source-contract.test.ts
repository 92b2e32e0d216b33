import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_CONTRACTS, type SourceEntity, type Value } from '../../../generator/source-contracts.ts';
import { type ReadRow, readClean, readSourceFile, replay, typeField } from './contract-reader.ts';
import { type Dataset, generateInTemp } from './datasets.ts';

const CSV_ENTITIES = ['sales', 'products', 'employees', 'customers', 'countries'] as const;
const DIMENSIONS = ['products', 'employees', 'customers', 'countries'] as const;

const byKey = (a: readonly Value[], b: readonly Value[]): number => Number(a[0]) - Number(b[0]);
/** round(n / d) half up, for n ≥ 0 (PostgreSQL's round on numeric). */
const roundDiv = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));
const cents = (money: number): number => Math.round(money * 100);

interface CartLineJson {
  id: number;
  title: string;
  price: number;
  quantity: number;
  total: number;
  discountPercentage: number;
  discountedTotal: number;
}
interface CartJson {
  id: number;
  userId: number;
  createdAt: string;
  total: number;
  discountedTotal: number;
  totalProducts: number;
  totalQuantity: number;
  products: CartLineJson[];
}
interface CartPage {
  carts: CartJson[];
  total: number;
  skip: number;
  limit: number;
}

describe.each([
  ['untidy', true],
  ['tidy', false],
])('%s sources read back (independent reader) to the manifest and the truth', (_mode, untidy) => {
  let data: Dataset;
  const rows = new Map<SourceEntity, ReadRow[]>();
  const json = <T,>(file: string): T => JSON.parse(readFileSync(join(data.dir, file), 'utf8')) as T;

  beforeAll(async () => {
    data = await generateInTemp(11, untidy);
    for (const entity of CSV_ENTITIES) rows.set(entity, data.manifest.entities[entity].files.flatMap((file) => readSourceFile(data.dir, file, entity)));
  }, 60_000);
  afterAll(() => data?.remove());

  it.each(CSV_ENTITIES)('%s: the manifest counts are what its files hold, read in file-name order', (entity) => {
    const { files, source, ...counts } = data.manifest.entities[entity];
    expect(source).toBe(entity === 'customers' || entity === 'countries' ? 'blobs' : 'landing');
    expect(files).toEqual([...files].sort());
    expect(counts).toEqual(replay(rows.get(entity) ?? []).counts);
    expect(counts.rowsWritten).toBe(counts.good + counts.bad);
    expect(counts.good).toBe(counts.keys + counts.duplicates + counts.corrections);
  });

  it('lists every source file with its true number of records', () => {
    for (const file of data.manifest.sourceFiles) {
      expect(readSourceFile(data.dir, file.path, file.entity).length, file.path).toBe(file.rows);
    }
  });

  it('bad-rows.json lists exactly the rows that break the contract, each breaking one rule, at its first physical line', () => {
    const found = [...rows.values()].flat().filter((row) => row.record === null);
    for (const row of found) expect(row.defects, `${row.file}:${row.line}`).toHaveLength(1);
    const key = (r: { file: string; line: number }): string => `${r.file}:${String(r.line).padStart(9, '0')}`;
    const expected = found.map((r) => ({ entity: r.entity, file: r.file, line: r.line, field: r.defects[0]?.field, rule: r.defects[0]?.rule })).sort((a, b) => key(a).localeCompare(key(b)));
    const listed = json<{ entity: string; file: string; line: number; field: string; rule: string }[]>('expected/bad-rows.json').map(({ entity, file, line, field, rule }) => ({ entity, file, line, field, rule }));
    expect(listed).toEqual(expected);
    if (untidy) expect(new Set(listed.map((r) => r.rule))).toEqual(new Set(['missing-required', 'malformed-number', 'impossible-date', 'out-of-range', 'too-few-columns']));
    else expect(listed).toEqual([]);
  });

  it.each(DIMENSIONS)('%s: the latest good version of each key, trimmed and cased, is the clean truth', (entity) => {
    const latest = [...replay(rows.get(entity) ?? []).latest.values()].sort(byKey);
    expect(latest).toEqual(readClean(data.dir, entity));
    expect(data.manifest.clean[entity]).toBe(latest.length);
  });

  it('sales: the latest good version of each store sale is its clean.sales row', () => {
    const store = [...replay(rows.get('sales') ?? []).latest.values()].sort(byKey).map(([id, employee, customer, product, quantity, discount, total, soldAt, txn]) => [
      `store-${String(id)}`, 'store', `store-${String(txn)}`, soldAt, customer, employee, product, quantity, null, discount, total,
    ]);
    expect(store).toEqual(readClean(data.dir, 'sales').filter((row) => row[1] === 'store'));
    expect(store).toHaveLength(data.manifest.scale);
  });

  it('mysql: the final state of categories and cities, trimmed and cased, is the clean truth', () => {
    const sql = readFileSync(join(data.dir, 'mysql/operational.sql'), 'utf8');
    for (const entity of ['categories', 'cities'] as const) {
      const contract = SOURCE_CONTRACTS[entity];
      const insert = new RegExp(`INSERT INTO ${entity} \\(([^)]*)\\) VALUES\\n([\\s\\S]*?);\\n`, 'g');
      const records = [...sql.matchAll(insert)].flatMap((m) => {
        expect(m[1]?.split(', ')).toEqual(contract.fields.map((f) => f.name));
        return (m[2] ?? '').split(',\n').map((tuple) =>
          [...tuple.matchAll(/'((?:[^']|'')*)'|NULL|-?\d+/g)].map((token, i): Value => {
            const field = contract.fields[i];
            if (token[0] === 'NULL' || field === undefined) return null;
            if (token[1] === undefined) return Number(token[0]);
            const typed = typeField(field, token[1].replaceAll("''", "'"));
            return 'value' in typed ? typed.value : `bad: ${typed.rule}`;
          }),
        );
      });
      expect(records).toEqual(readClean(data.dir, entity));
    }
  });

  it('carts: dummyjson pages whose arithmetic holds and whose lines are the online clean.sales rows', () => {
    const { files, keys } = data.manifest.entities.carts;
    const pages = files.map((file) => json<CartPage>(file));
    pages.forEach((page, i) => {
      expect({ total: page.total, skip: page.skip, limit: page.limit }).toEqual({ total: keys, skip: i * 30, limit: page.carts.length });
      expect(page.carts.length).toBe(i < pages.length - 1 ? 30 : keys - i * 30);
    });
    const carts = pages.flatMap((page) => page.carts);
    expect(json<CartPage>('api/carts/carts.json').carts).toEqual(carts);
    const products = new Map(readClean(data.dir, 'products').map((p) => [p[0], p[1]]));
    const window = [Date.parse(data.manifest.salesWindow.from), Date.parse(data.manifest.salesWindow.to)] as const;
    const online: Value[][] = [];
    carts.forEach((cart, i) => {
      expect(cart.id).toBe(i + 1);
      expect(new Set(cart.products.map((p) => p.id)).size).toBe(cart.products.length);
      const createdAt = Date.parse(cart.createdAt);
      expect(cart.createdAt).toBe(new Date(createdAt).toISOString());
      expect(createdAt >= window[0] && createdAt <= window[1]).toBe(true);
      for (const line of cart.products) {
        expect(products.get(line.id)).toBe(line.title);
        expect(cents(line.total)).toBe(cents(line.price) * line.quantity);
        const basisPoints = Math.round(line.discountPercentage * 100);
        expect(cents(line.discountedTotal)).toBe(roundDiv(cents(line.total) * (10_000 - basisPoints), 10_000));
        online.push([`online-${cart.id}-${line.id}`, 'online', `online-${cart.id}`, createdAt, cart.userId, null, line.id, line.quantity, cents(line.price) * 100, basisPoints, cents(line.discountedTotal) || null]);
      }
      expect(cents(cart.total)).toBe(cart.products.reduce((sum, p) => sum + cents(p.total), 0));
      expect(cents(cart.discountedTotal)).toBe(cart.products.reduce((sum, p) => sum + cents(p.discountedTotal), 0));
      expect([cart.totalProducts, cart.totalQuantity]).toEqual([cart.products.length, cart.products.reduce((sum, p) => sum + p.quantity, 0)]);
    });
    expect(online).toEqual(readClean(data.dir, 'sales').filter((row) => row[1] === 'online'));
    expect(data.manifest.onlineSaleLines).toBe(online.length);
  });
});
