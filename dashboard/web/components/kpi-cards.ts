import type { PanelData, ValueFormat } from '../../api-types.ts';
import { formatCell, formatChange } from '../format.ts';

/** The Overview's headline numbers, each with its change against the previous period. */
export function renderKpis(body: HTMLElement, data: PanelData): void {
  const list = document.createElement('ul');
  list.className = 'kpis';
  for (const row of data.rows) {
    const format = String(row.format) as Exclude<ValueFormat, 'row'>;
    const change = row.change === null || row.change === undefined ? null : Number(row.change);
    const card = document.createElement('li');
    card.className = 'kpi';
    card.dataset.metric = String(row.metric);
    const label = document.createElement('span');
    label.className = 'kpi-label';
    label.textContent = String(row.label);
    const value = document.createElement('span');
    value.className = 'kpi-value';
    value.textContent = formatCell(row.current ?? null, format);
    const delta = document.createElement('span');
    delta.className = `kpi-change ${change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down'}`;
    delta.textContent = formatChange(change);
    const previous = document.createElement('span');
    previous.className = 'kpi-previous';
    previous.textContent = `previous ${formatCell(row.previous ?? null, format)}`;
    card.append(label, value, delta, previous);
    list.append(card);
  }
  body.replaceChildren(list);
}
