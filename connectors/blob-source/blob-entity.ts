import type { TabularEntity } from '../contract/entity-columns.ts';

/** The bronze entities that arrive as CSV blobs in the Azure container. */
export const BLOB_ENTITIES = ['customers', 'countries'] as const satisfies readonly TabularEntity[];
export type BlobEntity = (typeof BLOB_ENTITIES)[number];

/**
 * The entity a blob holds, from the start of its name, case-insensitive:
 * `customers/customers-0001.csv` (the generator's layout) or `Countries_2018.csv`;
 * undefined when no entity matches.
 */
export function entityOfBlob(name: string): BlobEntity | undefined {
  const lower = name.toLowerCase();
  return BLOB_ENTITIES.find((entity) => lower.startsWith(entity));
}
