import { basename } from 'node:path';

/** The bronze entities that arrive as CSV files in the landing folder. */
export const FILE_ENTITIES = ['sales', 'products', 'employees'] as const;
export type FileEntity = (typeof FILE_ENTITIES)[number];

/**
 * The entity a landing file holds, from its name's prefix (`Sales-0001.csv`,
 * `products_2018.csv`), case-insensitive; undefined when no entity matches.
 */
export function entityOfFile(path: string): FileEntity | undefined {
  const name = basename(path).toLowerCase();
  return FILE_ENTITIES.find((entity) => name.startsWith(entity));
}

/** Hidden files (`.sales-0001.csv.part`) are a writer's work in progress, not drops: never read, never moved. */
export function isHiddenFile(path: string): boolean {
  return basename(path).startsWith('.');
}
