import pg from 'pg';

/** The filters of a dashboard URL, as the tests set them. */
export interface TestFilters {
  readonly from?: string;
  readonly to?: string;
  readonly country?: string;
  readonly category?: string;
  readonly channel?: 'store' | 'online';
  readonly top?: number;
  readonly measure?: 'revenue' | 'quantity';
}

export type Row = Record<string, string | null>;

/** A connection that returns every value as PostgreSQL's text, so tests compare exact decimals and dates. */
export async function textClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (value: string) => value } });
  await client.connect();
  return client;
}

/**
 * The sales the filters select, written plainly: $1 from, $2 to, $3 country (the
 * customer's), $4 category (the product's), $5 channel; null means no filter.
 * Without `dates`, every date (the panel applies $1 and $2 itself).
 */
function salesCte(dates = true): string {
  const range = dates ? '($1::date IS NULL OR f.sale_date >= $1::date) AND ($2::date IS NULL OR f.sale_date <= $2::date)' : 'true';
  return `sales AS (
  SELECT f.*, p.product_name, p.category_name, c.full_name AS customer_name, c.city_name, c.country_name
  FROM gold.fact_sales f
  LEFT JOIN gold.dim_product p ON p.product_id = f.product_id
  LEFT JOIN gold.dim_customer c ON c.customer_id = f.customer_id
  WHERE ${range} AND ($3::text IS NULL OR c.country_name = $3) AND ($4::text IS NULL OR p.category_name = $4) AND ($5::text IS NULL OR f.channel = $5))`;
}
const SALES = salesCte();

const NARROWED = '($1::date IS NOT NULL OR $2::date IS NOT NULL OR $3::text IS NOT NULL OR $4::text IS NOT NULL OR $5::text IS NOT NULL)';

/** $6 is N of the top/bottom panels; the measure is spliced in from a closed list. */
function ranked(kind: 'products' | 'categories', direction: 'DESC' | 'ASC', measure: 'revenue' | 'quantity'): string {
  if (kind === 'products') {
    return `WITH ${SALES}
      SELECT d.product_id, d.product_name, d.category_name,
             coalesce(sum(s.net_amount), 0) AS revenue, coalesce(sum(s.quantity), 0) AS quantity, count(DISTINCT s.order_id) AS orders
      FROM gold.dim_product d LEFT JOIN sales s ON s.product_id = d.product_id
      WHERE $4::text IS NULL OR d.category_name = $4
      GROUP BY d.product_id, d.product_name, d.category_name
      ORDER BY ${measure} ${direction}, d.product_id LIMIT $6`;
  }
  return `WITH ${SALES}
    SELECT d.category_name, coalesce(sum(s.net_amount), 0) AS revenue, coalesce(sum(s.quantity), 0) AS quantity, count(DISTINCT s.order_id) AS orders
    FROM (SELECT DISTINCT category_name FROM gold.dim_product WHERE category_name IS NOT NULL) d
    LEFT JOIN sales s ON s.category_name = d.category_name
    WHERE $4::text IS NULL OR d.category_name = $4
    GROUP BY d.category_name
    ORDER BY ${measure} ${direction}, d.category_name LIMIT $6`;
}

function daily(measure: 'revenue' | 'quantity'): string {
  const amount = measure === 'revenue' ? 'net_amount' : 'quantity';
  return `WITH ${SALES},
    span AS (SELECT coalesce($1::date, min(sale_date)) AS first_day, coalesce($2::date, max(sale_date)) AS last_day FROM gold.fact_sales),
    grid AS (SELECT g::date AS sale_date, ch.channel FROM span, generate_series(span.first_day, span.last_day, interval '1 day') g,
             (VALUES ('store'), ('online')) ch(channel) WHERE $5::text IS NULL OR ch.channel = $5),
    totals AS (SELECT grid.sale_date, grid.channel, coalesce((SELECT sum(${amount}) FROM sales s WHERE s.sale_date = grid.sale_date AND s.channel = grid.channel), 0) AS amount FROM grid)
    SELECT sale_date, channel, amount AS ${measure},
           round(avg(amount) OVER (PARTITION BY channel ORDER BY sale_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW), 2) AS moving_average
    FROM totals ORDER BY sale_date, channel`;
}

function headcount(key: string, expression: string): string {
  return `WITH ${SALES}
    SELECT ${expression} AS ${key}, count(*) AS employees FROM gold.dim_employee e
    WHERE NOT ${NARROWED} OR EXISTS (SELECT 1 FROM sales s WHERE s.employee_id = e.employee_id)
    GROUP BY 1 ORDER BY 1`;
}

/** Per panel (page/panel), the SQL over gold whose rows the panel's table must show, column for column. */
const PANEL_SQL: Readonly<Record<string, (f: TestFilters) => string>> = {
  'overview/channels': () => `WITH ${SALES} SELECT channel, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders, sum(quantity) AS quantity FROM sales GROUP BY channel ORDER BY revenue DESC, channel`,
  'overview/countries': () => `WITH ${SALES} SELECT country_name, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders FROM sales WHERE country_name IS NOT NULL GROUP BY country_name ORDER BY revenue DESC, country_name LIMIT 10`,
  'overview/categories': () => `WITH ${SALES} SELECT category_name, sum(net_amount) AS revenue, sum(quantity) AS quantity FROM sales WHERE category_name IS NOT NULL GROUP BY category_name ORDER BY revenue DESC, category_name`,
  'overview/monthly': () => `WITH ${SALES} SELECT to_char(sale_date, 'YYYY-MM') AS month, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders FROM sales GROUP BY 1 ORDER BY 1`,
  'trends/daily-revenue': () => daily('revenue'),
  'trends/daily-quantity': () => daily('quantity'),
  'trends/heatmap': () => `WITH ${SALES} SELECT to_char(sale_date, 'YYYY-MM') AS month, extract(isodow FROM sale_date) AS weekday, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders FROM sales GROUP BY 1, 2 ORDER BY 1, 2`,
  'products/top-products': (f) => ranked('products', 'DESC', f.measure ?? 'revenue'),
  'products/bottom-products': (f) => ranked('products', 'ASC', f.measure ?? 'revenue'),
  'products/top-categories': (f) => ranked('categories', 'DESC', f.measure ?? 'revenue'),
  'products/bottom-categories': (f) => ranked('categories', 'ASC', f.measure ?? 'revenue'),
  'products/catalog': () => `WITH ${SALES}
    SELECT d.category_name, count(*) AS products, count(DISTINCT s.product_id) AS products_sold
    FROM gold.dim_product d LEFT JOIN (SELECT DISTINCT product_id FROM sales) s ON s.product_id = d.product_id
    WHERE d.category_name IS NOT NULL AND ($4::text IS NULL OR d.category_name = $4)
    GROUP BY d.category_name ORDER BY products DESC, d.category_name`,
  'products/pareto': () => `WITH ${SALES}, p AS (SELECT product_id, min(product_name) AS product_name, sum(net_amount) AS revenue FROM sales GROUP BY product_id HAVING sum(net_amount) > 0)
    SELECT row_number() OVER (ORDER BY revenue DESC, product_id) AS rank, product_id, product_name, revenue,
           round(sum(revenue) OVER (ORDER BY revenue DESC, product_id) / (SELECT sum(revenue) FROM p), 4) AS cumulative_share
    FROM p ORDER BY rank`,
  'employees/ranking': () => `WITH ${SALES}, e AS (
      SELECT d.employee_id, d.full_name, coalesce(sum(s.net_amount), 0) AS revenue, count(DISTINCT s.order_id) AS orders, count(DISTINCT s.customer_id) AS customers_served
      FROM gold.dim_employee d LEFT JOIN sales s ON s.employee_id = d.employee_id GROUP BY d.employee_id, d.full_name)
    SELECT rank() OVER (ORDER BY revenue DESC) AS rank, employee_id, full_name, revenue, orders, customers_served,
           CASE WHEN orders = 0 THEN 0 ELSE round(revenue / orders, 2) END AS avg_order_value
    FROM e ORDER BY revenue DESC, employee_id`,
  'employees/gender': () => headcount('gender', "coalesce(e.gender, 'unknown')"),
  'employees/hire-year': () => headcount('hire_year', "coalesce(to_char(e.hire_date, 'YYYY'), 'unknown')"),
  'customers/countries': () => `WITH ${SALES} SELECT coalesce(country_name, 'unknown') AS country_name, count(DISTINCT customer_id) AS customers, sum(net_amount) AS revenue, count(DISTINCT order_id) AS orders FROM sales GROUP BY 1 ORDER BY revenue DESC, 1`,
  'customers/cities': () => `WITH ${SALES} SELECT coalesce(city_name, 'unknown') AS city_name, coalesce(country_name, 'unknown') AS country_name, count(DISTINCT customer_id) AS customers, sum(net_amount) AS revenue FROM sales GROUP BY 1, 2 ORDER BY revenue DESC, 1, 2 LIMIT $6`,
  'customers/top-customers': () => `WITH ${SALES} SELECT customer_id, min(customer_name) AS full_name, min(city_name) AS city_name, min(country_name) AS country_name, count(DISTINCT order_id) AS orders, sum(net_amount) AS revenue FROM sales GROUP BY customer_id ORDER BY revenue DESC, customer_id LIMIT $6`,
  'customers/new-returning': () => `WITH ${salesCte(false)},
      firsts AS (SELECT customer_id, min(to_char(sale_date, 'YYYY-MM')) AS first_month FROM sales GROUP BY customer_id)
    SELECT to_char(s.sale_date, 'YYYY-MM') AS month,
           count(DISTINCT s.customer_id) FILTER (WHERE f.first_month = to_char(s.sale_date, 'YYYY-MM')) AS new_customers,
           count(DISTINCT s.customer_id) FILTER (WHERE f.first_month < to_char(s.sale_date, 'YYYY-MM')) AS returning_customers
    FROM sales s JOIN firsts f ON f.customer_id = s.customer_id
    WHERE ($1::date IS NULL OR s.sale_date >= $1::date) AND ($2::date IS NULL OR s.sale_date <= $2::date)
    GROUP BY 1 ORDER BY 1`,
};

export const COMPARED_PANELS = Object.keys(PANEL_SQL);

/** The rows the panel must show for these filters, every value as text. */
export async function expectedRows(db: pg.Client, panel: string, filters: TestFilters): Promise<Row[]> {
  const sql = PANEL_SQL[panel];
  if (sql === undefined) throw new Error(`no expected SQL for panel ${panel}`);
  const values = [filters.from ?? null, filters.to ?? null, filters.country ?? null, filters.category ?? null, filters.channel ?? null, filters.top ?? 10];
  const text = sql(filters);
  // Postgres refuses parameters a statement does not use; pass only as many as it names.
  const used = Math.max(0, ...[...text.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
  return (await db.query<Row>(text, values.slice(0, used))).rows;
}

/**
 * The Overview's headline figures for a period and the one before it, of the
 * same length: [current, previous] revenue, orders, quantity, average order value, customers.
 */
export async function expectedKpis(db: pg.Client, filters: TestFilters): Promise<{ current: Row; previous: Row }> {
  const { rows: span } = await db.query<{ first: string; last: string }>('SELECT min(sale_date) AS first, max(sale_date) AS last FROM gold.fact_sales');
  const from = filters.from ?? span[0]!.first;
  const to = filters.to ?? span[0]!.last;
  const figures = async (first: string, last: string): Promise<Row> => {
    const values = [first, last, filters.country ?? null, filters.category ?? null, filters.channel ?? null];
    const { rows } = await db.query<Row>(
      `WITH ${SALES} SELECT coalesce(sum(net_amount), 0) AS revenue, count(DISTINCT order_id) AS orders, coalesce(sum(quantity), 0) AS quantity,
              coalesce(round(sum(net_amount) / nullif(count(DISTINCT order_id), 0), 2), 0) AS avg_order_value, count(DISTINCT customer_id) AS customers FROM sales`,
      values,
    );
    return rows[0]!;
  };
  const { rows: previous } = await db.query<{ first: string; last: string }>(
    `SELECT ($1::date - ($2::date - $1::date + 1))::text AS first, ($1::date - 1)::text AS last`,
    [from, to],
  );
  return { current: await figures(from, to), previous: await figures(previous[0]!.first, previous[0]!.last) };
}
