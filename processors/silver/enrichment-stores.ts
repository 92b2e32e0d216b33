import type { CountedStores } from '../derived-model.ts';
import type { KeyValueStore, ProcessorContext } from '../runtime/processor.ts';
import type { StoredSale } from './stored-sale.ts';

/**
 * The sales enrichment's state: the latest silver sale of every sale_id and, of
 * each dimension, only what an enriched sale shows — its name and the key of the
 * dimension it names in turn — so the changelogs and memory stay small beside a
 * million sales. The reverse indexes (./enrichment-model.ts) are derived from these.
 */
export const ENRICHMENT_STORES = ['sales', 'products', 'categories', 'customers', 'cities', 'countries', 'employees', 'meta'] as const;

/** A dimension's name and the key of the one above it: a product's category, a customer's city, a city's country. */
export type NamedChild = readonly [name: string, parentId: number];

export interface EnrichmentStores extends CountedStores {
  readonly sales: KeyValueStore<StoredSale>;
  readonly products: KeyValueStore<NamedChild>;
  readonly categories: KeyValueStore<string>;
  readonly customers: KeyValueStore<NamedChild>;
  readonly cities: KeyValueStore<NamedChild>;
  readonly countries: KeyValueStore<string>;
  /** The employee's full name. */
  readonly employees: KeyValueStore<string>;
}

export function enrichmentStores(context: ProcessorContext): EnrichmentStores {
  return Object.fromEntries(ENRICHMENT_STORES.map((name) => [name, context.store(name)])) as unknown as EnrichmentStores;
}
