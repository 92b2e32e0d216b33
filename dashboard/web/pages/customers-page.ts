import { columns, rankingBars } from '../charts/chart-builders.ts';
import { PALETTE } from '../charts/chart-theme.ts';
import { tracedBy } from '../components/trace-link.ts';
import { monthRange, type PageSpec, rowValue } from './page-spec.ts';

export const customersPage: PageSpec<'customers'> = {
  page: 'customers',
  title: 'Customers',
  filters: true,
  controls: ['top'],
  panels: [
    {
      id: 'countries',
      title: 'Revenue by country (customers in the table)',
      size: 'half',
      hint: 'Click a bar to filter by country',
      chart: (data) => rankingBars(data, 'country_name', 'revenue', 'money'),
      click: (click, data) => ({ country: rowValue(data, click.dataIndex, 'country_name') }),
    },
    {
      id: 'cities',
      title: 'Top cities by revenue',
      size: 'half',
      hint: 'Click a bar to filter by its country',
      chart: (data) => rankingBars(data, 'city_name', 'revenue', 'money', PALETTE[2]),
      click: (click, data) => ({ country: rowValue(data, click.dataIndex, 'country_name') }),
    },
    {
      id: 'top-customers',
      title: 'Top customers by revenue',
      size: 'half',
      hint: 'Click a bar to filter by the customer\'s country; ↳ beside a customer’s ID in the table shows where their figures come from',
      chart: (data) => rankingBars(data, 'full_name', 'revenue', 'money', PALETTE[4]),
      click: (click, data) => ({ country: rowValue(data, click.dataIndex, 'country_name') }),
      trace: tracedBy('customer_metrics', 'customer_id'),
    },
    {
      id: 'new-returning',
      title: 'New and returning customers by month',
      size: 'half',
      hint: 'Click a month to select it',
      chart: (data) =>
        columns(
          data,
          'month',
          [
            { key: 'new_customers', name: 'New', measure: 'int' },
            { key: 'returning_customers', name: 'Returning', measure: 'int' },
          ],
          true,
        ),
      click: (click) => monthRange(click.name),
    },
  ],
};
