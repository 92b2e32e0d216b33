import type { Cell } from '../api-types.ts';
import { filteredSales, SqlParams } from './filtered-sales.ts';
import { column, type PanelContext, type PagePanels } from './panel.ts';

type Direction = 'top' | 'bottom';

const order = (direction: Direction): string => (direction === 'top' ? 'DESC' : 'ASC');
const METRIC_COLUMNS = [column('revenue', 'Revenue', 'money'), column('quantity', 'Quantity', 'int'), column('orders', 'Orders', 'int')];

/** Every product of dim_product (of the category filter, if any), unsold ones as 0, ranked by the measure; ties by id. */
async function products({ db, filters, top, measure }: PanelContext, direction: Direction) {
  const p = new SqlParams();
  const category = filters.category === undefined ? '' : `WHERE d.category_name = ${p.add(filters.category)}`;
  const rows = await db.query<Record<string, Cell>>(
    `WITH sales AS (${filteredSales(filters, p)}),
          sold AS (SELECT product_id, sum(net_amount) AS revenue, sum(quantity) AS quantity, count(DISTINCT order_id) AS orders FROM sales GROUP BY product_id)
     SELECT d.product_id, d.product_name, d.category_name,
            coalesce(sold.revenue, 0) AS revenue, coalesce(sold.quantity, 0)::bigint AS quantity, coalesce(sold.orders, 0) AS orders
     FROM gold.dim_product d LEFT JOIN sold ON sold.product_id = d.product_id
     ${category}
     ORDER BY ${measure} ${order(direction)}, d.product_id
     LIMIT ${p.add(top)}`,
    p.values,
  );
  return {
    columns: [column('product_id', 'ID', 'int'), column('product_name', 'Product', 'text'), column('category_name', 'Category', 'text'), ...METRIC_COLUMNS],
    rows,
    note: `The ${direction} ${top} products by ${measure}.`,
  };
}

/** Every category of dim_product (the filter's only, if any), unsold ones as 0, ranked by the measure; ties by name. */
async function categories({ db, filters, top, measure }: PanelContext, direction: Direction) {
  const p = new SqlParams();
  const category = filters.category === undefined ? '' : `AND category_name = ${p.add(filters.category)}`;
  const rows = await db.query<Record<string, Cell>>(
    `WITH sales AS (${filteredSales(filters, p)}),
          names AS (SELECT DISTINCT category_name FROM gold.dim_product WHERE category_name IS NOT NULL ${category}),
          sold AS (SELECT category_name, sum(net_amount) AS revenue, sum(quantity) AS quantity, count(DISTINCT order_id) AS orders FROM sales GROUP BY category_name)
     SELECT names.category_name,
            coalesce(sold.revenue, 0) AS revenue, coalesce(sold.quantity, 0)::bigint AS quantity, coalesce(sold.orders, 0) AS orders
     FROM names LEFT JOIN sold ON sold.category_name = names.category_name
     ORDER BY ${measure} ${order(direction)}, names.category_name
     LIMIT ${p.add(top)}`,
    p.values,
  );
  return { columns: [column('category_name', 'Category', 'text'), ...METRIC_COLUMNS], rows, note: `The ${direction} ${top} categories by ${measure}.` };
}

export const productsPanels: PagePanels<'products'> = {
  'top-products': (context) => products(context, 'top'),
  'bottom-products': (context) => products(context, 'bottom'),
  'top-categories': (context) => categories(context, 'top'),
  'bottom-categories': (context) => categories(context, 'bottom'),

  /** Products per category of dim_product, and how many of them sold in the selection. */
  async catalog({ db, filters }) {
    const p = new SqlParams();
    const category = filters.category === undefined ? '' : `AND d.category_name = ${p.add(filters.category)}`;
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)})
       SELECT d.category_name, count(*) AS products,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM sales s WHERE s.product_id = d.product_id)) AS products_sold
       FROM gold.dim_product d WHERE d.category_name IS NOT NULL ${category}
       GROUP BY d.category_name ORDER BY products DESC, d.category_name`,
      p.values,
    );
    return { columns: [column('category_name', 'Category', 'text'), column('products', 'Products', 'int'), column('products_sold', 'Sold in the selection', 'int')], rows };
  },

  /** Products that sold, by revenue, with the share of all revenue the first N of them make. */
  async pareto({ db, filters }) {
    const p = new SqlParams();
    const rows = await db.query<Record<string, Cell>>(
      `WITH sales AS (${filteredSales(filters, p)}),
            sold AS (SELECT product_id, max(product_name) AS product_name, sum(net_amount) AS revenue FROM sales GROUP BY product_id HAVING sum(net_amount) > 0)
       SELECT row_number() OVER w AS rank, product_id, product_name, revenue,
              round(sum(revenue) OVER w / sum(revenue) OVER (), 4) AS cumulative_share
       FROM sold
       WINDOW w AS (ORDER BY revenue DESC, product_id ROWS UNBOUNDED PRECEDING)
       ORDER BY rank`,
      p.values,
    );
    const reach = rows.findIndex((row) => Number(row.cumulative_share) >= 0.8) + 1;
    return {
      columns: [column('rank', 'Rank', 'int'), column('product_id', 'ID', 'int'), column('product_name', 'Product', 'text'), column('revenue', 'Revenue', 'money'), column('cumulative_share', 'Cumulative share', 'percent')],
      rows,
      ...(reach > 0 ? { note: `${reach} of ${rows.length} products (${Math.round((reach / rows.length) * 100)}%) make 80% of the revenue.` } : {}),
    };
  },
};
