import type { Cell } from '../api-types.ts';
import { filteredSales, narrowsSales, SqlParams } from './filtered-sales.ts';
import { column, type PanelContext, type PagePanels } from './panel.ts';

/**
 * Headcount is of gold.dim_employee; once a filter narrows the sales it counts
 * the employees who made a sale among them, so the panels agree with the ranking.
 */
async function headcount({ db, filters }: PanelContext, group: { key: string; label: string; expression: string }) {
  const p = new SqlParams();
  const active = narrowsSales(filters) ? `WHERE e.employee_id IN (SELECT employee_id FROM sales WHERE employee_id IS NOT NULL)` : '';
  const rows = await db.query<Record<string, Cell>>(
    `WITH sales AS (${filteredSales(filters, p)})
     SELECT ${group.expression} AS ${group.key}, count(*) AS employees
     FROM gold.dim_employee e ${active}
     GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return {
    columns: [column(group.key, group.label, 'text'), column('employees', 'Employees', 'int')],
    rows,
    note: narrowsSales(filters) ? 'Employees with a sale in the selection.' : 'Every employee.',
  };
}

export const employeesPanels: PagePanels<'employees'> = {
  /** Every employee, those without a sale in the selection as 0, by revenue; ties by id. */
  async ranking({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)}),
            sold AS (SELECT employee_id, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders, count(DISTINCT customer_id) AS customers
                     FROM sales WHERE employee_id IS NOT NULL GROUP BY employee_id)
       SELECT rank() OVER (ORDER BY coalesce(sold.revenue, 0) DESC) AS rank, e.employee_id, e.full_name,
              coalesce(sold.revenue, 0) AS revenue, coalesce(sold.orders, 0) AS orders, coalesce(sold.customers, 0) AS customers_served,
              coalesce(round(sold.revenue / nullif(sold.orders, 0), 2), 0) AS avg_order_value
       FROM gold.dim_employee e LEFT JOIN sold ON sold.employee_id = e.employee_id
       ORDER BY revenue DESC, e.employee_id`,
      p.values,
    );
    return {
      columns: [
        column('rank', 'Rank', 'int'),
        column('employee_id', 'ID', 'int'),
        column('full_name', 'Employee', 'text'),
        column('revenue', 'Revenue', 'money'),
        column('orders', 'Orders', 'int'),
        column('customers_served', 'Customers served', 'int'),
        column('avg_order_value', 'Average order value', 'money'),
      ],
      rows,
      note: 'Store sales only: online orders have no employee.',
    };
  },

  gender: (context) => headcount(context, { key: 'gender', label: 'Gender', expression: "coalesce(e.gender, 'unknown')" }),
  'hire-year': (context) => headcount(context, { key: 'hire_year', label: 'Hire year', expression: "coalesce(extract(year FROM e.hire_date)::int::text, 'unknown')" }),
};
