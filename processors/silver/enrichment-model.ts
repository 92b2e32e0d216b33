import type { DerivedModel } from '../derived-model.ts';
import { link, unlink } from '../reverse-index.ts';
import type { EnrichmentStores } from './enrichment-stores.ts';
import type { StoredSale } from './stored-sale.ts';

/**
 * The reverse indexes a dimension change follows to the sales that show it,
 * derived from the stores and kept in memory; rebuilt whenever it may disagree
 * with them (../derived-model.ts). Sales are indexed by the keys they name
 * whether or not the dimension is known yet: that is how a late one finds them.
 */
export class EnrichmentModel implements DerivedModel {
  applied: number;
  readonly salesByProduct = new Map<number, Set<string>>();
  readonly salesByCustomer = new Map<number, Set<string>>();
  readonly salesByEmployee = new Map<number, Set<string>>();
  readonly productsByCategory = new Map<number, Set<number>>();
  readonly customersByCity = new Map<number, Set<number>>();
  readonly citiesByCountry = new Map<number, Set<number>>();

  private constructor(applied: number) {
    this.applied = applied;
  }

  static build(stores: EnrichmentStores): EnrichmentModel {
    const model = new EnrichmentModel(stores.meta.get('applied') ?? 0);
    for (const [id, [, categoryId]] of stores.products.entries()) link(model.productsByCategory, categoryId, Number(id));
    for (const [id, [, cityId]] of stores.customers.entries()) link(model.customersByCity, cityId, Number(id));
    for (const [id, [, countryId]] of stores.cities.entries()) link(model.citiesByCountry, countryId, Number(id));
    for (const [saleId, sale] of stores.sales.entries()) model.linkSale(saleId, sale);
    return model;
  }

  linkSale(saleId: string, sale: StoredSale): void {
    const [, , , customerId, employeeId, productId] = sale;
    link(this.salesByProduct, productId, saleId);
    link(this.salesByCustomer, customerId, saleId);
    if (employeeId !== null) link(this.salesByEmployee, employeeId, saleId);
  }

  unlinkSale(saleId: string, sale: StoredSale): void {
    const [, , , customerId, employeeId, productId] = sale;
    unlink(this.salesByProduct, productId, saleId);
    unlink(this.salesByCustomer, customerId, saleId);
    if (employeeId !== null) unlink(this.salesByEmployee, employeeId, saleId);
  }
}
