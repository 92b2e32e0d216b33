import type { GoldKeys, GoldRecords } from '../../schemas/generated/gold-types.ts';
import { GOLD_TABLE_NAMES, GOLD_TABLES, type GoldTableName, type KeyCodec } from '../../catalog/gold-tables.ts';
import type { GoldModel } from './gold-model.ts';
import type { GoldStores } from './gold-stores.ts';
import { GroupAggregate } from './group-aggregate.ts';
import { divideRounded, formatCents } from './money.ts';
import { saleAmounts, utcDate } from './sale-amounts.ts';

/**
 * Every gold row as warehouse/reference/gold.sql defines it, computed from the
 * stores and the model for one key (the key's text: a sale id, a product id,
 * 'YYYY-MM-DD|channel'); null when the row does not exist. Names resolve like
 * the SQL's LEFT JOINs: a missing dimension gives null names, never a missing row.
 */
export type GoldRowOf = { readonly [T in GoldTableName]: (stores: GoldStores, model: GoldModel, key: string) => GoldRecords[T] | null };

const EMPTY = new GroupAggregate();

export const GOLD_ROWS: GoldRowOf = {
  fact_sales(stores, _model, saleId) {
    const sale = stores.sales.get(saleId);
    if (sale === undefined) return null;
    const [channel, order_id, soldAt, customer_id, employee_id, product_id, quantity, , discount] = sale;
    const { unitPrice, netCents } = saleAmounts(sale, stores.products.get(String(product_id))?.price ?? null);
    return {
      sale_id: saleId,
      channel,
      order_id,
      sold_at: new Date(soldAt),
      sale_date: utcDate(soldAt),
      customer_id,
      employee_id,
      product_id,
      quantity,
      unit_price: unitPrice,
      discount,
      net_amount: netCents === null ? null : formatCents(netCents),
    };
  },

  dim_product(stores, _model, id) {
    const p = stores.products.get(id);
    if (p === undefined) return null;
    return { ...p, category_name: stores.categories.get(String(p.category_id))?.category_name ?? null, modify_date: p.modify_date === null ? null : new Date(p.modify_date) };
  },

  dim_customer(stores, _model, id) {
    const c = stores.customers.get(id);
    if (c === undefined) return null;
    const place = placeOf(stores, c.city_id);
    return {
      customer_id: c.customer_id,
      first_name: c.first_name,
      middle_initial: c.middle_initial,
      last_name: c.last_name,
      full_name: c.full_name,
      address: c.address,
      city_id: c.city_id,
      city_name: place.city?.city_name ?? null,
      zipcode: place.city?.zipcode ?? null,
      country_id: place.city?.country_id ?? null,
      country_name: place.country?.country_name ?? null,
      country_code: place.country?.country_code ?? null,
    };
  },

  dim_employee(stores, _model, id) {
    const e = stores.employees.get(id);
    if (e === undefined) return null;
    const place = placeOf(stores, e.city_id);
    return {
      employee_id: e.employee_id,
      first_name: e.first_name,
      middle_initial: e.middle_initial,
      last_name: e.last_name,
      full_name: e.full_name,
      birth_date: e.birth_date,
      gender: e.gender,
      hire_date: e.hire_date === null ? null : new Date(e.hire_date),
      city_id: e.city_id,
      city_name: place.city?.city_name ?? null,
      country_name: place.country?.country_name ?? null,
    };
  },

  sales_daily(_stores, model, key) {
    const group = model.daily.get(key);
    if (group === undefined || group.empty) return null;
    const [sale_date, channel] = key.split('|') as [string, string];
    const revenue = group.revenue;
    return { sale_date, channel, orders: group.orders.size, quantity: group.quantity, revenue: revenue === null ? null : formatCents(revenue) };
  },

  product_performance(stores, model, id) {
    const p = stores.products.get(id);
    if (p === undefined) return null;
    const group = model.byProduct.get(p.product_id) ?? EMPTY;
    return {
      product_id: p.product_id,
      product_name: p.product_name,
      category_name: stores.categories.get(String(p.category_id))?.category_name ?? null,
      orders: group.orders.size,
      quantity: group.quantity,
      revenue: formatCents(group.revenueCents),
    };
  },

  employee_metrics(stores, model, id) {
    const e = stores.employees.get(id);
    if (e === undefined) return null;
    const group = model.byEmployee.get(e.employee_id) ?? EMPTY;
    const orders = group.orders.size;
    return {
      employee_id: e.employee_id,
      full_name: e.full_name,
      orders,
      customers_served: group.customersServed,
      revenue: formatCents(group.revenueCents),
      avg_order_value: formatCents(orders === 0 ? 0 : Number(divideRounded(BigInt(group.revenueCents), BigInt(orders)))),
    };
  },

  customer_metrics(stores, model, id) {
    const c = stores.customers.get(id);
    if (c === undefined) return null;
    const place = placeOf(stores, c.city_id);
    const group = model.byCustomer.get(c.customer_id) ?? EMPTY;
    const first = group.firstSoldAt;
    const last = group.lastSoldAt;
    return {
      customer_id: c.customer_id,
      full_name: c.full_name,
      city_name: place.city?.city_name ?? null,
      country_name: place.country?.country_name ?? null,
      orders: group.orders.size,
      revenue: formatCents(group.revenueCents),
      first_purchase_at: first === null ? null : new Date(first),
      last_purchase_at: last === null ? null : new Date(last),
    };
  },
};

/**
 * A gold row's key record, from the key's text: its key columns joined by '|',
 * each read by its codec. The catalog types the columns against GoldKeys
 * (catalog/gold-tables.ts); the drift test checks them against the contracts.
 */
export const GOLD_KEYS = Object.fromEntries(GOLD_TABLE_NAMES.map((table) => [table, keyOfText(GOLD_TABLES[table].key)])) as unknown as {
  readonly [T in GoldTableName]: (key: string) => GoldKeys[T];
};

function keyOfText(columns: readonly (readonly [column: string, codec: KeyCodec])[]): (key: string) => Record<string, string | number> {
  const read = (codec: KeyCodec, text: string): string | number => (codec === 'int' ? Number(text) : text);
  if (columns.length === 1) {
    const [column, codec] = columns[0]!;
    return (key) => ({ [column]: read(codec, key) });
  }
  return (key) => {
    const parts = key.split('|');
    return Object.fromEntries(columns.map(([column, codec], i) => [column, read(codec, parts[i]!)]));
  };
}

function placeOf(stores: GoldStores, cityId: number) {
  const city = stores.cities.get(String(cityId));
  const country = city === undefined ? undefined : stores.countries.get(String(city.country_id));
  return { city, country };
}
