import { columns, donut, rankingBars } from '../charts/chart-builders.ts';
import { tracedBy } from '../components/trace-link.ts';
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
      hint: '↳ beside an employee’s ID shows where their figures come from',
      chart: (data) => rankingBars(data, 'full_name', 'revenue', 'money'),
      trace: tracedBy('employee_metrics', 'employee_id'),
      tableFirst: true,
    },
    { id: 'gender', title: 'Headcount by gender', size: 'half', chart: (data) => donut(data, 'gender', 'employees', 'int') },
    { id: 'hire-year', title: 'Headcount by hire year', size: 'half', chart: (data) => columns(data, 'hire_year', [{ key: 'employees', name: 'Employees', measure: 'int' }]) },
  ],
};
