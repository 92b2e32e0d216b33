import * as echarts from 'echarts';
import type { PageName, PanelResponse } from '../../api-types.ts';
import { THEME } from '../charts/chart-theme.ts';
import type { ChartClick, PanelSpec } from '../pages/page-spec.ts';
import type { FilterPatch } from '../url-state.ts';
import { dataTable } from './data-table.ts';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
};

const EMPTY: echarts.EChartsOption = { title: { text: 'No data for this selection', left: 'center', top: 'middle', textStyle: { color: '#64748b', fontSize: 14, fontWeight: 'normal' } } };

/**
 * One panel of a page: its title, its chart (or own markup), a note and the
 * data table. `data-state` (loading, ready, error) and `data-version` (bumped
 * on every render) let a reader know when the numbers are current.
 */
export class PanelView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly note: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly error: HTMLElement;
  /** Draws across all panels, so a panel drawn later always carries a higher data-version, even after the page is rebuilt. */
  private static draws = 0;
  private chart: echarts.ECharts | undefined;
  private response: PanelResponse | undefined;
  private readonly resizer = new ResizeObserver(() => this.chart?.resize());

  constructor(
    page: PageName,
    private readonly spec: PanelSpec,
    private readonly onFilter: (patch: FilterPatch) => void,
  ) {
    const id = `panel-${page}-${spec.id}`;
    this.element = el('section', `panel panel-${spec.size}`);
    this.element.dataset.panel = `${page}/${spec.id}`;
    this.element.setAttribute('aria-labelledby', `${id}-title`);
    const header = el('header', 'panel-header');
    const title = el('h2', 'panel-title', spec.title);
    title.id = `${id}-title`;
    header.append(title);
    if (spec.hint !== undefined) header.append(el('p', 'panel-hint', spec.hint));
    this.body = el('div', spec.chart === undefined ? 'panel-body' : 'panel-body panel-chart');
    if (spec.chart !== undefined) {
      this.body.setAttribute('role', 'img');
      this.body.setAttribute('aria-label', `${spec.title} (chart; the data table below lists its values)`);
    }
    this.note = el('p', 'panel-note');
    this.error = el('p', 'panel-error');
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.details = el('details', 'panel-data');
    this.details.open = spec.tableFirst === true || (spec.chart === undefined && spec.render === undefined);
    this.details.append(el('summary', '', 'Data table'));
    this.element.append(header, this.error, this.body, this.note, this.details);
    this.setState('loading');
  }

  loading(): void {
    this.element.setAttribute('aria-busy', 'true');
  }

  show(response: PanelResponse): void {
    this.response = response;
    const { data } = response;
    this.error.hidden = true;
    this.note.textContent = data.unavailable ?? data.note ?? '';
    this.note.className = data.unavailable === undefined ? 'panel-note' : 'panel-unavailable';
    this.details.hidden = data.unavailable !== undefined;
    this.body.hidden = data.unavailable !== undefined || (this.spec.chart === undefined && this.spec.render === undefined);
    this.details.querySelector('table')?.remove();
    this.details.querySelector('.next-page')?.remove();
    this.details.append(dataTable(data, this.spec.title, this.spec.links, this.spec.trace));
    if (data.nextPage !== undefined) {
      const next = el('a', 'next-page', 'Next page');
      next.href = `${window.location.pathname}?${data.nextPage}`;
      this.details.append(next);
    }
    if (this.spec.render !== undefined) this.spec.render(this.body, data);
    if (this.spec.chart !== undefined && data.unavailable === undefined) {
      if (this.chart === undefined) {
        this.chart = echarts.init(this.body, THEME, { renderer: 'canvas' });
        this.chart.on('click', (event) => this.clicked(event as unknown as ChartClick));
        // Set once the chart's animation has ended: what is on screen is the whole chart.
        this.chart.on('finished', () => {
          this.element.dataset.chart = 'finished';
        });
        this.resizer.observe(this.body);
      }
      this.element.dataset.chart = 'drawing';
      this.chart.setOption(data.rows.length === 0 ? EMPTY : this.spec.chart(data, response.filters), { notMerge: true });
    }
    this.setState('ready');
  }

  fail(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
    this.setState('error');
  }

  dispose(): void {
    this.resizer.disconnect();
    this.chart?.dispose();
    this.element.remove();
  }

  private clicked(click: ChartClick): void {
    const patch = this.response === undefined ? undefined : this.spec.click?.(click, this.response.data);
    if (patch !== undefined) this.onFilter(patch);
  }

  private setState(state: 'loading' | 'ready' | 'error'): void {
    this.element.dataset.state = state;
    if (state !== 'loading') {
      PanelView.draws += 1;
      this.element.dataset.version = String(PanelView.draws);
      this.element.removeAttribute('aria-busy');
    } else {
      this.element.setAttribute('aria-busy', 'true');
    }
  }
}
