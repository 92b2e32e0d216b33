import { columns, donut, rankingBars } from '../charts/chart-builders.ts';
import { PALETTE } from '../charts/chart-theme.ts';
import { renderKpis } from '../components/kpi-cards.ts';
import { monthRange, type PageSpec, rowValue } from './page-spec.ts';

export const overviewPage: PageSpec<'overview'> = {
  page: 'overview',
  title: 'Overview',
  filters: true,
  controls: [],
  panels: [
    { id: 'kpis', title: 'Headline figures', size: 'full', render: renderKpis },
    {
      id: 'channels',
      title: 'Revenue by channel',
      size: 'third',
      hint: 'Click a slice to filter by channel',
      chart: (data) => donut(data, 'channel', 'revenue', 'money'),
      click: (click, data) => ({ channel: rowValue(data, click.dataIndex, 'channel') }),
    },
    {
      id: 'countries',
      title: 'Revenue by country',
      size: 'third',
      hint: 'Click a bar to filter by country',
      chart: (data) => rankingBars(data, 'country_name', 'revenue', 'money'),
      click: (click, data) => ({ country: rowValue(data, click.dataIndex, 'country_name') }),
    },
    {
      id: 'categories',
      title: 'Revenue by category',
      size: 'third',
      hint: 'Click a bar to filter by category',
      chart: (data) => rankingBars(data, 'category_name', 'revenue', 'money', PALETTE[2]),
      click: (click, data) => ({ category: rowValue(data, click.dataIndex, 'category_name') }),
    },
    {
      id: 'monthly',
      title: 'Revenue and orders by month',
      size: 'full',
      hint: 'Click a month to select it',
      chart: (data) =>
        columns(data, 'month', [
          { key: 'revenue', name: 'Revenue', measure: 'money' },
          { key: 'orders', name: 'Orders', measure: 'int' },
        ]),
      click: (click) => monthRange(click.name),
    },
  ],
};
