import type { PanelData } from '../../api-types.ts';
import type { TracedTable } from '../../../trace/trace-gold.ts';

type Row = PanelData['rows'][number];

/** A panel's rows as rows of a gold table a trace answers for: the column whose cell carries the link, and each row's key there (none for a row with nothing to trace). */
export interface RowTrace {
  readonly table: TracedTable;
  readonly column: string;
  readonly key: (row: Row) => string | undefined;
}

const TITLE = 'where does this come from';

/** Rows traced by one column's value (a product's, employee's or customer's ID, a sale's id); `key` for a key of several columns. */
export function tracedBy(table: TracedTable, column: string, key: RowTrace['key'] = (row) => (row[column] === null || row[column] === undefined ? undefined : String(row[column]))): RowTrace {
  return { table, column, key };
}

/** The Trace page of a gold row. */
function traceHref(table: TracedTable, key: string): string {
  return `/trace?${new URLSearchParams({ table, key }).toString()}`;
}

/** The small "where does this come from" link a traced row's cell carries beside its value. */
export function traceLink(table: TracedTable, key: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.className = 'trace-link';
  a.href = traceHref(table, key);
  a.title = TITLE;
  a.setAttribute('aria-label', `${TITLE}: gold.${table} ${key}`);
  a.textContent = '↳';
  return a;
}
