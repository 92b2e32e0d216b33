import type { Cell } from '../api-types.ts';
import { filteredSales, SqlParams } from './filtered-sales.ts';
import { column, type PagePanels } from './panel.ts';

/** "Customers" are the customers who bought in the selection, everywhere on this page. */
export const customersPanels: PagePanels<'customers'> = {
  async countries({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT coalesce(country_name, 'unknown') AS country_name, count(DISTINCT customer_id) AS customers, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders
       FROM sales GROUP BY 1 ORDER BY revenue DESC, 1`,
      p.values,
    );
    return { columns: [column('country_name', 'Country', 'text'), column('customers', 'Customers', 'int'), column('revenue', 'Revenue', 'money'), column('orders', 'Orders', 'int')], rows };
  },

  async cities({ db, filters, top }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT coalesce(city_name, 'unknown') AS city_name, coalesce(country_name, 'unknown') AS country_name,
              count(DISTINCT customer_id) AS customers, sum(net_amount) AS revenue
       FROM sales GROUP BY 1, 2 ORDER BY revenue DESC, 1, 2 LIMIT ${p.add(top)}`,
      p.values,
    );
    return {
      columns: [column('city_name', 'City', 'text'), column('country_name', 'Country', 'text'), column('customers', 'Customers', 'int'), column('revenue', 'Revenue', 'money')],
      rows,
      note: `The ${top} cities of the most revenue.`,
    };
  },

  async 'top-customers'({ db, filters, top }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT customer_id, max(customer_name) AS full_name, max(city_name) AS city_name, max(country_name) AS country_name,
              count(DISTINCT order_id) AS orders, sum(net_amount) AS revenue
       FROM sales GROUP BY customer_id ORDER BY revenue DESC, customer_id LIMIT ${p.add(top)}`,
      p.values,
    );
    return {
      columns: [
        column('customer_id', 'ID', 'int'),
        column('full_name', 'Customer', 'text'),
        column('city_name', 'City', 'text'),
        column('country_name', 'Country', 'text'),
        column('orders', 'Orders', 'int'),
        column('revenue', 'Revenue', 'money'),
      ],
      rows,
    };
  },

  /**
   * Per month, buyers whose first purchase (over all dates, under the other
   * filters) falls in that month are new; those who bought before are returning.
   */
  async 'new-returning'({ db, filters }) {
    const p = new SqlParams();
    const everything = filteredSales(filters, p, {});
    const from = filters.from === undefined ? '' : `AND sale_date >= ${p.add(filters.from)}::date`;
    const to = filters.to === undefined ? '' : `AND sale_date <= ${p.add(filters.to)}::date`;
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${everything}),
            firsts AS (SELECT customer_id, date_trunc('month', min(sale_date)) AS first_month FROM sales GROUP BY customer_id),
            buyers AS (SELECT DISTINCT date_trunc('month', sale_date) AS month, customer_id FROM sales WHERE true ${from} ${to})
       SELECT to_char(b.month, 'YYYY-MM') AS month,
              count(*) FILTER (WHERE f.first_month = b.month) AS new_customers,
              count(*) FILTER (WHERE f.first_month < b.month) AS returning_customers
       FROM buyers b JOIN firsts f ON f.customer_id = b.customer_id
       GROUP BY b.month ORDER BY b.month`,
      p.values,
    );
    return { columns: [column('month', 'Month', 'text'), column('new_customers', 'New customers', 'int'), column('returning_customers', 'Returning customers', 'int')], rows };
  },
};
