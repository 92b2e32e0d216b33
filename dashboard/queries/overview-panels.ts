import type { Cell } from '../api-types.ts';
import { filteredSales, SqlParams } from './filtered-sales.ts';
import { column, type PagePanels, type PanelContext } from './panel.ts';
import { previousPeriod, selectedPeriod } from './periods.ts';

const KPIS = [
  { metric: 'revenue', label: 'Revenue', format: 'money' },
  { metric: 'orders', label: 'Orders', format: 'int' },
  { metric: 'quantity', label: 'Quantity', format: 'int' },
  { metric: 'avg_order_value', label: 'Average order value', format: 'money' },
  { metric: 'customers', label: 'Customers', format: 'int' },
] as const;
type KpiRow = { readonly current: boolean } & Record<(typeof KPIS)[number]['metric'], string | number>;

const OVERVIEW_TOP_COUNTRIES = 10;

/** (current - previous) / previous to 4 places; null without a previous value to compare with. */
function change(current: Cell, previous: Cell): number | null {
  const [now, before] = [Number(current), Number(previous)];
  return before === 0 ? null : Math.round(((now - before) / before) * 10_000) / 10_000;
}

async function kpis({ db, filters, options }: PanelContext) {
  const period = selectedPeriod(filters, options);
  const previous = period === undefined ? undefined : previousPeriod(period);
  const p = new SqlParams();
  const sales = filteredSales(filters, p, previous === undefined ? filters : { from: previous.from, to: period?.to });
  const current = period === undefined ? 'true' : `sale_date >= ${p.add(period.from)}::date`;
  const rows = await db.query<KpiRow>(
    `WITH sales AS (${sales})
     SELECT ${current} AS current,
            coalesce(sum(net_amount), 0) AS revenue,
            count(DISTINCT order_id) AS orders,
            coalesce(sum(quantity), 0)::bigint AS quantity,
            coalesce(round(sum(net_amount) / nullif(count(DISTINCT order_id), 0), 2), 0) AS avg_order_value,
            count(DISTINCT customer_id) AS customers
     FROM sales GROUP BY 1`,
    p.values,
  );
  const now = rows.find((r) => r.current);
  const before = rows.find((r) => !r.current);
  return {
    columns: [column('label', 'Measure', 'text'), column('current', 'Selected period', 'row'), column('previous', 'Previous period', 'row'), column('change', 'Change', 'percent')],
    rows: KPIS.map(({ metric, label, format }) => {
      const value = now?.[metric] ?? 0;
      const earlier = before?.[metric] ?? 0;
      return { metric, label, format, current: value, previous: earlier, change: change(value, earlier) };
    }),
    ...(period === undefined || previous === undefined
      ? { note: 'No sales in the warehouse yet.' }
      : { note: `${period.from} to ${period.to} (${period.days} days) against ${previous.from} to ${previous.to}` }),
  };
}

export const overviewPanels: PagePanels<'overview'> = {
  kpis,

  async channels({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT channel, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders, sum(quantity)::bigint AS quantity
       FROM sales GROUP BY channel ORDER BY revenue DESC, channel`,
      p.values,
    );
    return { columns: [column('channel', 'Channel', 'text'), column('revenue', 'Revenue', 'money'), column('orders', 'Orders', 'int'), column('quantity', 'Quantity', 'int')], rows };
  },

  async countries({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT country_name, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders
       FROM sales WHERE country_name IS NOT NULL
       GROUP BY country_name ORDER BY revenue DESC, country_name LIMIT ${p.add(OVERVIEW_TOP_COUNTRIES)}`,
      p.values,
    );
    return { columns: [column('country_name', 'Country', 'text'), column('revenue', 'Revenue', 'money'), column('orders', 'Orders', 'int')], rows, note: `The ${OVERVIEW_TOP_COUNTRIES} countries of the most revenue (the customer's country).` };
  },

  async categories({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT category_name, sum(net_amount) AS revenue, sum(quantity)::bigint AS quantity
       FROM sales WHERE category_name IS NOT NULL
       GROUP BY category_name ORDER BY revenue DESC, category_name`,
      p.values,
    );
    return { columns: [column('category_name', 'Category', 'text'), column('revenue', 'Revenue', 'money'), column('quantity', 'Quantity', 'int')], rows };
  },

  async monthly({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT to_char(sale_date, 'YYYY-MM') AS month, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders
       FROM sales GROUP BY 1 ORDER BY 1`,
      p.values,
    );
    return { columns: [column('month', 'Month', 'text'), column('revenue', 'Revenue', 'money'), column('orders', 'Orders', 'int')], rows };
  },
};
