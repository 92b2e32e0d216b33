import { columns, donut, rankingBars } from '../charts/chart-builders.ts';
import type { PageSpec } from './page-spec.ts';

export const employeesPage: PageSpec<'employees'> = {
  page: 'employees',
  title: 'Employees',
  filters: true,
  controls: [],
  panels: [
    {
      id: 'ranking',
      title: 'Employees ranked by revenue (orders, customers served and average order value in the table)',
      size: 'full',
      chart: (data) => rankingBars(data, 'full_name', 'revenue', 'money'),
      tableFirst: true,
    },
    { id: 'gender', title: 'Headcount by gender', size: 'half', chart: (data) => donut(data, 'gender', 'employees', 'int') },
    { id: 'hire-year', title: 'Headcount by hire year', size: 'half', chart: (data) => columns(data, 'hire_year', [{ key: 'employees', name: 'Employees', measure: 'int' }]) },
  ],
};
