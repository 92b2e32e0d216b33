import type { BronzeRecords } from '../schemas/generated/bronze-types.ts';
import type { SilverRecords } from '../schemas/generated/silver-types.ts';
import { SOURCE_KINDS, type SourceKind } from './source-kinds.ts';

/** One source entity, as the rest of the project derives its lists from it. */
export interface EntitySpec<E extends keyof BronzeRecords> {
  readonly source: SourceKind;
  /** Its bronze key field: the contract's "medallion.key" (schemas/bronze/<entity>.avsc), where its fields' header aliases are too. */
  readonly key: keyof BronzeRecords[E] & string;
  /** The silver entity its records are cleaned into (schemas/silver/<silver>.avsc); its cleaner is processors/silver/silver-processors.ts's for it. */
  readonly silver: keyof SilverRecords;
}

/**
 * The source entities (DESIGN.md, "The reference dataset"), one bronze topic
 * each, in the order every list of them takes. An entity is declared here once;
 * its contracts, its cleaner and its generator's writer are compile errors until
 * they exist, and the catalog's drift test (test/unit/catalog/) checks the SQL,
 * connector and Python files that name entities.
 */
export const ENTITIES = {
  sales: { source: 'file', key: 'sales_id', silver: 'sales' },
  products: { source: 'file', key: 'product_id', silver: 'products' },
  employees: { source: 'file', key: 'employee_id', silver: 'employees' },
  customers: { source: 'blob', key: 'customer_id', silver: 'customers' },
  countries: { source: 'blob', key: 'country_id', silver: 'countries' },
  categories: { source: 'mysql', key: 'category_id', silver: 'categories' },
  cities: { source: 'mysql', key: 'city_id', silver: 'cities' },
  carts: { source: 'api', key: 'cart_id', silver: 'sales' },
} as const satisfies { readonly [E in keyof BronzeRecords]: EntitySpec<E> };

export type EntityName = keyof typeof ENTITIES;
export const ENTITY_NAMES = Object.keys(ENTITIES) as readonly EntityName[];

/** The entities that arrive from sources of kind K, in catalog order. */
export type EntityOf<K extends SourceKind> = { [E in EntityName]: (typeof ENTITIES)[E]['source'] extends K ? E : never }[EntityName];

export function entitiesOf<K extends SourceKind>(...kinds: readonly K[]): readonly EntityOf<K>[] {
  return ENTITY_NAMES.filter((entity) => (kinds as readonly SourceKind[]).includes(ENTITIES[entity].source)) as EntityOf<K>[];
}

/** The entities whose records are rows of scalar fields (every source kind but the API). */
export type TabularEntityName = EntityOf<{ [K in SourceKind]: (typeof SOURCE_KINDS)[K]['tabular'] extends true ? K : never }[SourceKind]>;
export const TABULAR_ENTITY_NAMES = ENTITY_NAMES.filter((entity) => SOURCE_KINDS[ENTITIES[entity].source].tabular) as readonly TabularEntityName[];

/** The silver entities the source entities are cleaned into, once each, in catalog order. */
export type SilverEntityName = (typeof ENTITIES)[EntityName]['silver'];
export const SILVER_ENTITY_NAMES = [...new Set(ENTITY_NAMES.map((entity) => ENTITIES[entity].silver))] as readonly SilverEntityName[];
