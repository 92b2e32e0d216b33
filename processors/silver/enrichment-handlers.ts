import type { SilverRecords } from '../../schemas/generated/silver-types.ts';
import type { SilverEntity } from '../../schemas/layer-contracts.ts';
import { link, unlink } from '../reverse-index.ts';
import type { KeyValueStore } from '../runtime/processor.ts';
import type { EnrichmentModel } from './enrichment-model.ts';
import type { EnrichmentStores, NamedChild } from './enrichment-stores.ts';
import { storedSale } from './stored-sale.ts';
import type { TouchedSales } from './touched-sales.ts';

export interface EnrichmentInput {
  readonly stores: EnrichmentStores;
  readonly model: EnrichmentModel;
  readonly touched: TouchedSales;
}

/**
 * What one conformed silver record (a new version, or null for a delete) does to
 * the enriched sales: touch every sale it may change, then change the stores and
 * the model. A dimension change follows the model's indexes down to the sales
 * that show it; one that changes nothing a sale shows (a product's price) only
 * counts as applied.
 */
export type EnrichmentHandlers = { readonly [E in SilverEntity]: (input: EnrichmentInput, key: string, record: SilverRecords[E] | null) => void };

export const ENRICHMENT_HANDLERS: EnrichmentHandlers = {
  sales({ stores, model, touched }, saleId, record) {
    const old = stores.sales.get(saleId);
    touched.touch([saleId]);
    if (old !== undefined) model.unlinkSale(saleId, old);
    if (record === null) {
      stores.sales.delete(saleId);
      return;
    }
    const next = storedSale(record);
    stores.sales.put(saleId, next);
    model.linkSale(saleId, next);
  },

  products({ stores, model, touched }, id, record) {
    const next = record === null ? null : ([record.product_name, record.category_id] as const);
    if (unchanged(stores.products.get(id), next)) return;
    touched.touch(model.salesByProduct.get(Number(id)));
    putChild(stores.products, model.productsByCategory, id, next);
  },

  categories({ stores, model, touched }, id, record) {
    const next = record?.category_name ?? null;
    if (unchanged(stores.categories.get(id), next)) return;
    for (const productId of model.productsByCategory.get(Number(id)) ?? []) touched.touch(model.salesByProduct.get(productId));
    putName(stores.categories, id, next);
  },

  customers({ stores, model, touched }, id, record) {
    const next = record === null ? null : ([record.full_name, record.city_id] as const);
    if (unchanged(stores.customers.get(id), next)) return;
    touched.touch(model.salesByCustomer.get(Number(id)));
    putChild(stores.customers, model.customersByCity, id, next);
  },

  cities({ stores, model, touched }, id, record) {
    const next = record === null ? null : ([record.city_name, record.country_id] as const);
    if (unchanged(stores.cities.get(id), next)) return;
    touchCity(model, touched, Number(id));
    putChild(stores.cities, model.citiesByCountry, id, next);
  },

  countries({ stores, model, touched }, id, record) {
    const next = record?.country_name ?? null;
    if (unchanged(stores.countries.get(id), next)) return;
    for (const cityId of model.citiesByCountry.get(Number(id)) ?? []) touchCity(model, touched, cityId);
    putName(stores.countries, id, next);
  },

  employees({ stores, model, touched }, id, record) {
    const next = record?.full_name ?? null;
    if (unchanged(stores.employees.get(id), next)) return;
    touched.touch(model.salesByEmployee.get(Number(id)));
    putName(stores.employees, id, next);
  },
};

/** The sales of a city's customers: what its name, or its country's, shows on. */
function touchCity(model: EnrichmentModel, touched: TouchedSales, cityId: number): void {
  for (const customerId of model.customersByCity.get(cityId) ?? []) touched.touch(model.salesByCustomer.get(customerId));
}

/** The stored value (undefined: none) and the next (null: deleted) show the same. */
function unchanged(old: NamedChild | string | undefined, next: NamedChild | string | null): boolean {
  if (old === undefined || next === null) return old === undefined && next === null;
  return typeof old === 'string' ? old === next : typeof next !== 'string' && old[0] === next[0] && old[1] === next[1];
}

/** Stores (or deletes) a dimension that names another, keeping the index of its parent's children. */
function putChild(store: KeyValueStore<NamedChild>, children: Map<number, Set<number>>, id: string, next: NamedChild | null): void {
  const old = store.get(id);
  if (old !== undefined) unlink(children, old[1], Number(id));
  if (next === null) store.delete(id);
  else {
    store.put(id, next);
    link(children, next[1], Number(id));
  }
}

function putName(store: KeyValueStore<string>, id: string, next: string | null): void {
  if (next === null) store.delete(id);
  else store.put(id, next);
}
