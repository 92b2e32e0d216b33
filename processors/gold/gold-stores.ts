import type { SilverCategory, SilverCity, SilverCountry, SilverCustomer, SilverEmployee, SilverProduct, SilverSale } from '../../schemas/generated/silver-types.ts';
import type { KeyValueStore, ProcessorContext } from '../runtime/processor.ts';

/**
 * The gold processor's state: the latest silver record of every key, the input
 * of every gold row (the aggregates in ./gold-model.ts are derived from these).
 * Values survive JSON: times as epoch milliseconds; a sale is a tuple to keep a
 * million of them small.
 */
export const GOLD_STORES = ['sales', 'products', 'categories', 'cities', 'countries', 'customers', 'employees', 'meta'] as const;

export type StoredSale = readonly [
  channel: string,
  orderId: string,
  soldAt: number,
  customerId: number,
  employeeId: number | null,
  productId: number,
  quantity: number,
  unitPrice: string | null,
  discount: string,
  totalAmount: string | null,
];

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

export function storedSale(s: SilverSale): StoredSale {
  return [s.channel, s.order_id, s.sold_at.getTime(), s.customer_id, s.employee_id, s.product_id, s.quantity, s.unit_price, s.discount, s.total_amount];
}

export function storedProduct(p: SilverProduct): StoredProduct {
  return { ...p, modify_date: p.modify_date?.getTime() ?? null };
}

export function storedEmployee(e: SilverEmployee): StoredEmployee {
  return { ...e, hire_date: e.hire_date?.getTime() ?? null };
}
