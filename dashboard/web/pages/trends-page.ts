import { dailyByChannel, monthWeekdayHeatmap } from '../charts/chart-builders.ts';
import { tracedBy } from '../components/trace-link.ts';
import type { FilterPatch } from '../url-state.ts';
import { type ChartClick, monthRange, type PageSpec, rowValue } from './page-spec.ts';

/** A click on a channel's bars or its average line filters by that channel. */
const channelOf = (click: ChartClick): FilterPatch | undefined => {
  const channel = click.seriesName?.split(' ')[0];
  return channel === 'store' || channel === 'online' ? { channel } : undefined;
};

/**
 * A day and channel is a row of gold.sales_daily; a day without sales in the
 * selection (shown as 0) has no sales to show, so it carries no link.
 */
const daily = (measure: 'revenue' | 'quantity') =>
  tracedBy('sales_daily', 'sale_date', (row) => (Number(row[measure] ?? 0) === 0 ? undefined : `${String(row.sale_date)}/${String(row.channel)}`));

export const trendsPage: PageSpec<'trends'> = {
  page: 'trends',
  title: 'Sales trends',
  filters: true,
  controls: [],
  panels: [
    {
      id: 'daily-revenue',
      title: 'Daily revenue by channel, with 7-day moving average',
      size: 'full',
      hint: 'Click a channel\'s bars or line to filter by it; drag the slider to zoom; ↳ beside a day in the table shows where its figures come from',
      chart: (data) => dailyByChannel(data, 'revenue', 'money'),
      click: channelOf,
      trace: daily('revenue'),
    },
    {
      id: 'daily-quantity',
      title: 'Daily quantity by channel, with 7-day moving average',
      size: 'full',
      chart: (data) => dailyByChannel(data, 'quantity', 'int'),
      click: channelOf,
      trace: daily('quantity'),
    },
    {
      id: 'heatmap',
      title: 'Revenue by month and weekday',
      size: 'full',
      hint: 'Click a cell to select its month',
      chart: (data) => monthWeekdayHeatmap(data),
      // The heatmap's items are the rows in order, so a click's index is its row's.
      click: (click, data) => {
        const month = rowValue(data, click.dataIndex, 'month');
        return month === undefined ? undefined : monthRange(month);
      },
    },
  ],
};
