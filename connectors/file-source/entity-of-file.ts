import { basename } from 'node:path';
import { entitiesOf, type EntityOf } from '../../catalog/entities.ts';

/** The bronze entities that arrive as CSV files in the landing folder (the catalog's of source kind file). */
export const FILE_ENTITIES = entitiesOf('file');
export type FileEntity = EntityOf<'file'>;

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
