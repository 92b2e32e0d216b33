import type { DerivedModel } from '../derived-model.ts';
import { link, unlink } from '../reverse-index.ts';
import type { StoredSale } from '../silver/stored-sale.ts';
import type { GoldStores } from './gold-stores.ts';
import { GroupAggregate, type Contribution, type Tracks } from './group-aggregate.ts';
import { saleAmounts, utcDate } from './sale-amounts.ts';

/**
 * What the gold rows need beyond the stores, derived from them and kept in
 * memory: the aggregate of every group and the reverse indexes a dimension
 * change follows to the rows it touches. It is rebuilt from the stores whenever
 * it may disagree with them — at start, and after the runtime took back store
 * writes (a refused record, an aborted transaction): `applied` counts the silver
 * records applied, and the stores keep the same count in their 'meta' store.
 */
export class GoldModel implements DerivedModel {
  applied: number;
  readonly salesByProduct = new Map<number, Set<string>>();
  readonly productsByCategory = new Map<number, Set<number>>();
  readonly customersByCity = new Map<number, Set<number>>();
  readonly employeesByCity = new Map<number, Set<number>>();
  readonly citiesByCountry = new Map<number, Set<number>>();
  readonly daily = new Map<string, GroupAggregate>();
  readonly byProduct = new Map<number, GroupAggregate>();
  readonly byEmployee = new Map<number, GroupAggregate>();
  readonly byCustomer = new Map<number, GroupAggregate>();

  private constructor(applied: number) {
    this.applied = applied;
  }

  static build(stores: GoldStores): GoldModel {
    const model = new GoldModel(stores.meta.get('applied') ?? 0);
    for (const [id, p] of stores.products.entries()) link(model.productsByCategory, p.category_id, Number(id));
    for (const [id, c] of stores.customers.entries()) link(model.customersByCity, c.city_id, Number(id));
    for (const [id, e] of stores.employees.entries()) link(model.employeesByCity, e.city_id, Number(id));
    for (const [id, c] of stores.cities.entries()) link(model.citiesByCountry, c.country_id, Number(id));
    for (const [id, sale] of stores.sales.entries()) model.addSale(id, sale, stores);
    return model;
  }

  addSale(saleId: string, sale: StoredSale, stores: GoldStores): void {
    link(this.salesByProduct, sale[5], saleId);
    this.applyToGroups(sale, this.contribution(sale, stores), 1);
  }

  retractSale(saleId: string, sale: StoredSale, stores: GoldStores): void {
    unlink(this.salesByProduct, sale[5], saleId);
    this.applyToGroups(sale, this.contribution(sale, stores), -1);
  }

  /** The sale's contribution under the product price the stores hold now. */
  contribution(sale: StoredSale, stores: GoldStores): Contribution {
    const [, orderId, soldAt, customerId, , productId, quantity] = sale;
    const { netCents } = saleAmounts(sale, stores.products.get(String(productId))?.price ?? null);
    return { orderId, customerId, quantity, netCents, soldAt };
  }

  /** Adds (1) or retracts (-1) a contribution in every group of the sale; no callback, as it runs four times per sale line. */
  private applyToGroups(sale: StoredSale, contribution: Contribution, sign: 1 | -1): void {
    const groups = saleGroups(sale);
    group(this.daily, groups.daily, NO_TRACKS).apply(contribution, sign);
    group(this.byProduct, groups.product, NO_TRACKS).apply(contribution, sign);
    if (groups.employee !== null) group(this.byEmployee, groups.employee, CUSTOMERS).apply(contribution, sign);
    group(this.byCustomer, groups.customer, TIMES).apply(contribution, sign);
  }
}

const NO_TRACKS: Tracks = {};
const CUSTOMERS: Tracks = { customers: true };
const TIMES: Tracks = { times: true };

export function dailyKey(saleDate: string, channel: string): string {
  return `${saleDate}|${channel}`;
}

/** The groups a sale line sits in, by gold table: the rows its change touches. */
export function saleGroups(sale: StoredSale): { readonly daily: string; readonly product: number; readonly employee: number | null; readonly customer: number } {
  const [channel, , soldAt, customerId, employeeId, productId] = sale;
  return { daily: dailyKey(utcDate(soldAt), channel), product: productId, employee: employeeId, customer: customerId };
}

function group<K>(groups: Map<K, GroupAggregate>, key: K, tracks: Tracks): GroupAggregate {
  let aggregate = groups.get(key);
  if (aggregate === undefined) groups.set(key, (aggregate = new GroupAggregate(tracks)));
  return aggregate;
}
