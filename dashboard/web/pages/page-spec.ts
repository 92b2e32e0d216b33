import type { EChartsOption } from 'echarts';
import type { Filters, PageName, PanelData, PanelId } from '../../api-types.ts';
import type { RowTrace } from '../components/trace-link.ts';
import type { FilterPatch } from '../url-state.ts';

/** The part of an ECharts click event a cross-filter needs. */
export interface ChartClick {
  readonly name: string;
  readonly seriesName?: string;
  readonly dataIndex: number;
  readonly value: unknown;
}

export interface PanelSpec<P extends PageName = PageName> {
  readonly id: PanelId<P>;
  readonly title: string;
  readonly size: 'full' | 'half' | 'third';
  /** The chart, drawn from the panel's data and the filters the server applied. */
  readonly chart?: (data: PanelData, filters: Filters) => EChartsOption;
  /** The panel's own markup instead of a chart (the headline numbers). */
  readonly render?: (body: HTMLElement, data: PanelData) => void;
  /** Cross-filtering: what a click on an item of the chart filters by. */
  readonly click?: (click: ChartClick, data: PanelData) => FilterPatch | undefined;
  /** Shown under the title, e.g. what a click does. */
  readonly hint?: string;
  /** Columns whose cells link somewhere: the row's href for the column's key (a topic to its records). */
  readonly links?: Readonly<Record<string, (row: PanelData['rows'][number]) => string>>;
  /** Rows that are rows of a traced gold table: each links to its Trace page ("where does this come from"). */
  readonly trace?: RowTrace;
  /** The data table open by default: panels that are tables first. */
  readonly tableFirst?: boolean;
}

/** Page controls beside the filters: N of the rankings, and what products are ranked by. */
export type PageControl = 'top' | 'measure';

export interface PageSpec<P extends PageName = PageName> {
  readonly page: P;
  readonly title: string;
  /** Whether the date, country, category and channel filters apply (all but the Pipeline page). */
  readonly filters: boolean;
  readonly controls: readonly PageControl[];
  readonly panels: readonly PanelSpec<P>[];
}

/** The first and last day of a 'YYYY-MM' month, as a date-range patch. */
export function monthRange(month: string): FilterPatch | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) return undefined;
  const last = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The row's value of `key` as a filter value, none for a missing one. */
export function rowValue(data: PanelData, index: number, key: string): string | undefined {
  const value = data.rows[index]?.[key];
  return value === null || value === undefined || value === 'unknown' ? undefined : String(value);
}
