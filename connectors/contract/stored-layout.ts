import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import { entityColumns, type TabularEntity } from './entity-columns.ts';
import { layoutOf, layoutWithoutHeader, type RowLayout } from './header-mapping.ts';

/** What a document's rows look like, as a checkpoint keeps it: the header cells, or a headerless document's width. */
export type StoredLayout = { readonly header: readonly string[] } | { readonly width: number };

export function storeLayout(layout: RowLayout | null): StoredLayout | null {
  if (layout === null) return null;
  return layout.header === null ? { width: layout.width } : { header: layout.header };
}

/** The layout a stored one stands for: derived again from the same cells, so a restart maps columns as before. */
export function restoreLayout(stored: StoredLayout | null, entity: TabularEntity): RowLayout | null {
  if (stored === null) return null;
  const columns = entityColumns(entity);
  return 'header' in stored ? layoutOf(stored.header, columns, bronzeContract(entity).keyField) : layoutWithoutHeader(stored.width, columns);
}
