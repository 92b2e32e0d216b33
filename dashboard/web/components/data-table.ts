import type { PanelData, ValueFormat } from '../../api-types.ts';
import { formatCell } from '../format.ts';
import { traceLink, type RowTrace } from './trace-link.ts';

const NUMERIC: readonly ValueFormat[] = ['int', 'decimal', 'money', 'percent'];

/**
 * A panel's data as an accessible table: the numbers behind its chart for
 * screen readers and for checking. Each cell keeps its exact value in
 * data-value (absent for null) beside the formatted text; a traced row's cell
 * of `trace.column` carries the link to where the row comes from.
 */
export function dataTable(data: PanelData, caption: string, links: Readonly<Record<string, (row: PanelData['rows'][number]) => string>> = {}, trace?: RowTrace): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'data-table';
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const column of data.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column.label;
    if (NUMERIC.includes(column.format)) th.className = 'num';
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of data.rows) {
    const tr = body.insertRow();
    for (const column of data.columns) {
      const value = row[column.key] ?? null;
      const format = column.format === 'row' ? (String(row.format ?? 'text') as Exclude<ValueFormat, 'row'>) : column.format;
      const td = tr.insertCell();
      td.dataset.key = column.key;
      if (value !== null) td.dataset.value = String(value);
      const link = links[column.key];
      if (link !== undefined && value !== null) {
        const a = document.createElement('a');
        a.href = link(row);
        a.textContent = formatCell(value, format);
        td.append(a);
      } else {
        td.textContent = formatCell(value, format);
      }
      if (NUMERIC.includes(format)) td.className = 'num';
      const key = trace?.column === column.key ? trace.key(row) : undefined;
      if (trace !== undefined && key !== undefined) td.append(' ', traceLink(trace.table, key));
    }
  }
  if (data.rows.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = data.columns.length;
    td.className = 'empty';
    td.textContent = 'No rows for this selection.';
  }
  return table;
}
