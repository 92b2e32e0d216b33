import type { Client } from '@confluentinc/schemaregistry';
import type { BronzeSale } from '../schemas/generated/bronze-types.ts';
import type { SilverKeys, SilverRecords, SilverSale } from '../schemas/generated/silver-types.ts';
import { layerContract, type SilverEntity } from '../schemas/layer-contracts.ts';
import { silverSerde, type SilverSerde } from '../schemas/layer-serde.ts';
import { bronzeContract } from '../schemas/bronze-contracts.ts';
import { bronzeKey, bronzeSerde } from '../schemas/record-serde.ts';
import type { OutgoingRecord } from '../transport/transport.ts';

/**
 * Synthetic retail records for the processor benchmark, through the real
 * contracts: bronze sales for the silver processor, silver dimensions and sales
 * for the gold one. Deterministic and varied like the generated dataset (orders
 * of three lines, half the totals missing so gold prices them, 120 days), and
 * all valid: every record becomes one silver sale and one fact_sales row.
 */
const SHAPE = { products: 450, categories: 11, customers: 1000, employees: 23, cities: 96, countries: 12 } as const;
const FIRST_DAY = Date.UTC(2018, 0, 1);
const DAY_MS = 86_400_000;

const soldAt = (n: number): Date => new Date(FIRST_DAY + (n % 120) * DAY_MS + ((n * 7919) % DAY_MS));
const discount = (n: number): string => `0.${String(n % 5).padStart(2, '0')}`;
const total = (n: number): string | null => (n % 2 === 0 ? null : `${(n % 500) + 1}.25`);

function bronzeSale(n: number): BronzeSale {
  return {
    sales_id: n + 1,
    sales_person_id: 1 + (n % SHAPE.employees),
    customer_id: 1 + ((n * 7) % SHAPE.customers),
    product_id: 1 + (n % SHAPE.products),
    quantity: 1 + (n % 20),
    discount: discount(n),
    total_price: total(n) ?? '0',
    sales_date: soldAt(n),
    transaction_number: `TX${Math.floor(n / 3)}`,
    extras: {},
    lineage: { source_kind: 'file', source_uri: 'landing/sales/sales-bench.csv', source_position: `line ${n + 2}`, source_sequence: n + 1, ingested_at: new Date(FIRST_DAY) },
  };
}

/** The silver sale_id of the n-th bronze sale (its SalesID is n + 1). */
export const saleId = (n: number): string => `store-${n + 1}`;

function silverSale(n: number): SilverSale {
  return {
    sale_id: saleId(n),
    channel: 'store',
    order_id: `store-TX${Math.floor(n / 3)}`,
    sold_at: soldAt(n),
    customer_id: 1 + ((n * 7) % SHAPE.customers),
    employee_id: 1 + (n % SHAPE.employees),
    product_id: 1 + (n % SHAPE.products),
    quantity: 1 + (n % 20),
    unit_price: null,
    discount: `${discount(n)}00`,
    total_amount: total(n),
  };
}

/** Bronze sales `from` to `to` (exclusive) on `<prefix>bronze.sales`, keyed and encoded as the file source writes them. */
export async function bronzeSaleRecords(registry: Client, prefix: string, from: number, to: number): Promise<OutgoingRecord[]> {
  const serde = bronzeSerde(registry);
  const topic = `${prefix}${bronzeContract('sales').topic}`;
  const records: OutgoingRecord[] = [];
  for (let n = from; n < to; n += 1) {
    const sale = bronzeSale(n);
    records.push({ topic, key: bronzeKey('sales', sale), value: await serde.serialize('sales', sale) });
  }
  return records;
}

/** Silver sales `from` to `to` (exclusive) on `<prefix>silver.sales`, as the silver processor writes them. */
export async function silverSaleRecords(registry: Client, prefix: string, from: number, to: number): Promise<OutgoingRecord[]> {
  const serde = silverSerde(registry);
  const records: OutgoingRecord[] = [];
  for (let n = from; n < to; n += 1) {
    const sale = silverSale(n);
    records.push(await silverRecord(serde, prefix, 'sales', { sale_id: sale.sale_id }, sale));
  }
  return records;
}

/** Every dimension the sales name (products, their categories, customers, employees, cities, countries) on the silver topics. */
export async function silverDimensionRecords(registry: Client, prefix: string): Promise<OutgoingRecord[]> {
  const ids = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);
  const cityOf = (id: number): number => 1 + (id % SHAPE.cities);
  const serde = silverSerde(registry);
  const person = { first_name: 'Ann', middle_initial: 'B', last_name: 'Cole', full_name: 'Ann B. Cole' };
  return Promise.all([
    ...ids(SHAPE.countries).map((id) => silverRecord(serde, prefix, 'countries', { country_id: id }, { country_id: id, country_name: `Country ${id}`, country_code: `C${id}` })),
    ...ids(SHAPE.cities).map((id) => silverRecord(serde, prefix, 'cities', { city_id: id }, { city_id: id, city_name: `City ${id}`, zipcode: String(10_000 + id), country_id: 1 + (id % SHAPE.countries) })),
    ...ids(SHAPE.categories).map((id) => silverRecord(serde, prefix, 'categories', { category_id: id }, { category_id: id, category_name: `Category ${id}` })),
    ...ids(SHAPE.products).map((id) =>
      silverRecord(serde, prefix, 'products', { product_id: id }, { product_id: id, product_name: `Product ${id}`, price: `${(id % 90) + 1}.${String(id % 10_000).padStart(4, '0')}`, category_id: 1 + (id % SHAPE.categories), class: 'Medium', modify_date: null, resistant: null, is_allergic: null, vitality_days: null }),
    ),
    ...ids(SHAPE.customers).map((id) => silverRecord(serde, prefix, 'customers', { customer_id: id }, { customer_id: id, ...person, city_id: cityOf(id), address: `${id} Main St` })),
    ...ids(SHAPE.employees).map((id) => silverRecord(serde, prefix, 'employees', { employee_id: id }, { employee_id: id, ...person, birth_date: '1980-01-01', gender: 'F', city_id: cityOf(id), hire_date: new Date(FIRST_DAY) })),
  ]);
}

async function silverRecord<E extends SilverEntity>(serde: SilverSerde, prefix: string, entity: E, key: SilverKeys[E], value: SilverRecords[E]): Promise<OutgoingRecord> {
  return { topic: `${prefix}${layerContract('silver', entity).topic}`, key: await serde.key.serialize(entity, key), value: await serde.value.serialize(entity, value) };
}
