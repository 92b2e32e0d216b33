import type { SilverRecords } from '../../schemas/generated/silver-types.ts';
import type { SilverEntity } from '../../schemas/layer-contracts.ts';
import type { TouchedRows } from './gold-changes.ts';
import { link, unlink } from '../reverse-index.ts';
import { storedSale, type StoredSale } from '../silver/stored-sale.ts';
import { saleGroups, type GoldModel } from './gold-model.ts';
import { storedEmployee, storedProduct, type GoldStores } from './gold-stores.ts';

export interface GoldInput {
  readonly stores: GoldStores;
  readonly model: GoldModel;
  readonly touched: TouchedRows;
  /** A sale arrived before a dimension it names: it is emitted with nulls now and corrected when the dimension comes. */
  late(): void;
}

/**
 * What one silver record (a new version, or null for a delete) does to gold:
 * touch every row it may change, then change the stores and the model. A
 * dimension change follows the model's indexes to the rows that name it.
 */
export type GoldHandlers = { readonly [E in SilverEntity]: (input: GoldInput, key: string, record: SilverRecords[E] | null) => void };

export const GOLD_HANDLERS: GoldHandlers = {
  sales({ stores, model, touched, late }, saleId, record) {
    const old = stores.sales.get(saleId);
    const next = record === null ? undefined : storedSale(record);
    touched.touch('fact_sales', saleId);
    if (old !== undefined) touchGroups(touched, old);
    if (next !== undefined) touchGroups(touched, next);
    if (old !== undefined) model.retractSale(saleId, old, stores);
    if (next === undefined) {
      stores.sales.delete(saleId);
      return;
    }
    stores.sales.put(saleId, next);
    model.addSale(saleId, next, stores);
    const [channel, , , customerId, employeeId, productId] = next;
    if (unknown(stores.products, productId) || unknown(stores.customers, customerId) || (channel === 'store' && unknown(stores.employees, employeeId))) late();
  },

  products({ stores, model, touched }, id, record) {
    const old = stores.products.get(id);
    touched.touch('dim_product', id);
    touched.touch('product_performance', id);
    // Sales without a price of their own take the product's: a new price re-prices them.
    const priced = [...(model.salesByProduct.get(Number(id)) ?? [])].flatMap((saleId) => {
      const sale = stores.sales.get(saleId);
      return sale !== undefined && sale[7] === null ? [[saleId, sale] as const] : [];
    });
    if (old?.price !== record?.price) {
      for (const [saleId, sale] of priced) {
        touched.touch('fact_sales', saleId);
        touchGroups(touched, sale);
        model.retractSale(saleId, sale, stores);
      }
    }
    if (old !== undefined) unlink(model.productsByCategory, old.category_id, Number(id));
    if (record === null) stores.products.delete(id);
    else {
      stores.products.put(id, storedProduct(record));
      link(model.productsByCategory, record.category_id, Number(id));
    }
    if (old?.price !== record?.price) for (const [saleId, sale] of priced) model.addSale(saleId, sale, stores);
  },

  categories({ stores, model, touched }, id, record) {
    for (const productId of model.productsByCategory.get(Number(id)) ?? []) {
      touched.touch('dim_product', productId);
      touched.touch('product_performance', productId);
    }
    if (record === null) stores.categories.delete(id);
    else stores.categories.put(id, record);
  },

  cities({ stores, model, touched }, id, record) {
    const old = stores.cities.get(id);
    touchCity(touched, model, Number(id));
    if (old !== undefined) unlink(model.citiesByCountry, old.country_id, Number(id));
    if (record === null) stores.cities.delete(id);
    else {
      stores.cities.put(id, record);
      link(model.citiesByCountry, record.country_id, Number(id));
    }
  },

  countries({ stores, model, touched }, id, record) {
    for (const cityId of model.citiesByCountry.get(Number(id)) ?? []) touchCity(touched, model, cityId);
    if (record === null) stores.countries.delete(id);
    else stores.countries.put(id, record);
  },

  customers({ stores, model, touched }, id, record) {
    const old = stores.customers.get(id);
    touched.touch('dim_customer', id);
    touched.touch('customer_metrics', id);
    if (old !== undefined) unlink(model.customersByCity, old.city_id, Number(id));
    if (record === null) stores.customers.delete(id);
    else {
      stores.customers.put(id, record);
      link(model.customersByCity, record.city_id, Number(id));
    }
  },

  employees({ stores, model, touched }, id, record) {
    const old = stores.employees.get(id);
    touched.touch('dim_employee', id);
    touched.touch('employee_metrics', id);
    if (old !== undefined) unlink(model.employeesByCity, old.city_id, Number(id));
    if (record === null) stores.employees.delete(id);
    else {
      stores.employees.put(id, storedEmployee(record));
      link(model.employeesByCity, record.city_id, Number(id));
    }
  },
};

function unknown(store: { get(key: string): unknown }, id: number | null): boolean {
  return id !== null && store.get(String(id)) === undefined;
}

function touchGroups(touched: TouchedRows, sale: StoredSale): void {
  const groups = saleGroups(sale);
  touched.touch('sales_daily', groups.daily);
  touched.touch('product_performance', groups.product);
  if (groups.employee !== null) touched.touch('employee_metrics', groups.employee);
  touched.touch('customer_metrics', groups.customer);
}

/** The rows that show a city's name or its country's: the customers' and employees' dimensions, the customers' metrics. */
function touchCity(touched: TouchedRows, model: GoldModel, cityId: number): void {
  for (const customerId of model.customersByCity.get(cityId) ?? []) {
    touched.touch('dim_customer', customerId);
    touched.touch('customer_metrics', customerId);
  }
  for (const employeeId of model.employeesByCity.get(cityId) ?? []) touched.touch('dim_employee', employeeId);
}
