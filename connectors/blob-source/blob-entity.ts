import { entitiesOf, type EntityOf } from '../../catalog/entities.ts';

/** The bronze entities that arrive as CSV blobs in the Azure container (the catalog's of source kind blob). */
export const BLOB_ENTITIES = entitiesOf('blob');
export type BlobEntity = EntityOf<'blob'>;

/**
 * The entity a blob holds, from the start of its name, case-insensitive:
 * `customers/customers-0001.csv` (the generator's layout) or `Countries_2018.csv`;
 * undefined when no entity matches.
 */
export function entityOfBlob(name: string): BlobEntity | undefined {
  const lower = name.toLowerCase();
  return BLOB_ENTITIES.find((entity) => lower.startsWith(entity));
}
