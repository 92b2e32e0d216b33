import type { SilverCategory, SilverCity, SilverCountry, SilverCustomer, SilverEmployee, SilverProduct } from '../../schemas/generated/silver-types.ts';
import type { KeyValueStore, ProcessorContext } from '../runtime/processor.ts';
import type { StoredSale } from '../silver/stored-sale.ts';

/**
 * The gold processor's state: the latest silver record of every key, the input
 * of every gold row (the aggregates in ./gold-model.ts are derived from these).
 * Values survive JSON: times as epoch milliseconds; a sale is a tuple to keep a
 * million of them small (../silver/stored-sale.ts).
 */
export const GOLD_STORES = ['sales', 'products', 'categories', 'cities', 'countries', 'customers', 'employees', 'meta'] as const;

export type StoredProduct = Omit<SilverProduct, 'modify_date'> & { readonly modify_date: number | null };
export type StoredEmployee = Omit<SilverEmployee, 'hire_date'> & { readonly hire_date: number | null };

export interface GoldStores {
  readonly sales: KeyValueStore<StoredSale>;
  readonly products: KeyValueStore<StoredProduct>;
  readonly categories: KeyValueStore<SilverCategory>;
  readonly cities: KeyValueStore<SilverCity>;
  readonly countries: KeyValueStore<SilverCountry>;
  readonly customers: KeyValueStore<SilverCustomer>;
  readonly employees: KeyValueStore<StoredEmployee>;
  /** 'applied': how many silver records the stores reflect (see GoldModel). */
  readonly meta: KeyValueStore<number>;
}

export function goldStores(context: ProcessorContext): GoldStores {
  return {
    sales: context.store('sales'),
    products: context.store('products'),
    categories: context.store('categories'),
    cities: context.store('cities'),
    countries: context.store('countries'),
    customers: context.store('customers'),
    employees: context.store('employees'),
    meta: context.store('meta'),
  };
}

export function storedProduct(p: SilverProduct): StoredProduct {
  return { ...p, modify_date: p.modify_date?.getTime() ?? null };
}

export function storedEmployee(e: SilverEmployee): StoredEmployee {
  return { ...e, hire_date: e.hire_date?.getTime() ?? null };
}
