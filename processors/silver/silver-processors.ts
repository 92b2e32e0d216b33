import { ENTITIES, ENTITY_NAMES, type EntityName } from '../../catalog/entities.ts';
import type { BronzeRecords } from '../../schemas/generated/bronze-types.ts';
import type { SilverRecords } from '../../schemas/generated/silver-types.ts';
import type { Processor } from '../runtime/processor.ts';
import { cleanCategory, cleanCity, cleanCountry, cleanCustomer, cleanEmployee, cleanProduct } from './clean-dimensions.ts';
import { cleanCartLines, cleanStoreSale } from './clean-sales.ts';
import { silverProcessor, type SilverOptions, type SilverSpec } from './silver-processor.ts';

type SilverOf<E extends EntityName> = (typeof ENTITIES)[E]['silver'];

/** Each catalog entity's cleaner: a bronze record to the silver records of its silver entity (store sales and carts both to sales). */
const CLEANERS: { readonly [E in EntityName]: (record: BronzeRecords[E]) => readonly SilverRecords[SilverOf<E>][] } = {
  sales: (r) => [cleanStoreSale(r)],
  products: (r) => [cleanProduct(r)],
  employees: (r) => [cleanEmployee(r)],
  customers: (r) => [cleanCustomer(r)],
  countries: (r) => [cleanCountry(r)],
  categories: (r) => [cleanCategory(r)],
  cities: (r) => [cleanCity(r)],
  carts: cleanCartLines,
};

function silverSpec<E extends EntityName>(entity: E): SilverSpec<E, SilverOf<E>> {
  return { bronze: entity, silver: ENTITIES[entity].silver, clean: CLEANERS[entity] };
}

/** One silver processor per entity of the catalog, in its order. */
export function silverProcessors(options: SilverOptions): Processor[] {
  return ENTITY_NAMES.map((entity) => silverProcessor(silverSpec(entity), options));
}
