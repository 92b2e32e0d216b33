import type pg from 'pg';
import { differingRows } from './gold-vs-reference.ts';
import type { CheckResult } from './validation-result.ts';

const TABLE = 'silver.sales_enriched';
const EXPECTED = 'pg_temp.expected_sales_enriched';

/**
 * silver.sales joined with the silver dimension tables, as the sales enrichment
 * (processors/silver/sales-enrichment.ts) defines silver.sales_enriched: names by
 * left join, full names as silver forms them, and the dimensions not found.
 */
const EXPECTED_SQL = `
  SELECT s.sale_id, s.channel, s.order_id, s.sold_at, s.customer_id, s.employee_id, s.product_id, s.quantity, s.unit_price, s.discount, s.total_amount,
         p.product_name, p.category_id, ca.category_name,
         cu.first_name || ' ' || coalesce(cu.middle_initial || '. ', '') || cu.last_name AS customer_name,
         cu.city_id, ci.city_name, ci.country_id, co.country_name,
         e.first_name || ' ' || coalesce(e.middle_initial || '. ', '') || e.last_name AS employee_name,
         array_remove(ARRAY[
           CASE WHEN p.product_id IS NULL THEN 'product' END,
           CASE WHEN ca.category_id IS NULL THEN 'category' END,
           CASE WHEN cu.customer_id IS NULL THEN 'customer' END,
           CASE WHEN ci.city_id IS NULL THEN 'city' END,
           CASE WHEN co.country_id IS NULL THEN 'country' END,
           CASE WHEN s.employee_id IS NOT NULL AND e.employee_id IS NULL THEN 'employee' END
         ], NULL) AS missing
  FROM silver.sales s
  LEFT JOIN silver.products p ON p.product_id = s.product_id
  LEFT JOIN silver.categories ca ON ca.category_id = p.category_id
  LEFT JOIN silver.customers cu ON cu.customer_id = s.customer_id
  LEFT JOIN silver.cities ci ON ci.city_id = cu.city_id
  LEFT JOIN silver.countries co ON co.country_id = ci.country_id
  LEFT JOIN silver.employees e ON e.employee_id = s.employee_id`;

const COLUMNS = [
  'sale_id', 'channel', 'order_id', 'sold_at', 'customer_id', 'employee_id', 'product_id', 'quantity', 'unit_price', 'discount', 'total_amount',
  'product_name', 'category_id', 'category_name', 'customer_name', 'city_id', 'city_name', 'country_id', 'country_name', 'employee_name', 'missing',
].join(', ');

/**
 * silver.sales_enriched equals silver.sales joined with its dimensions (EXCEPT
 * ALL both ways; a differing sale is named with both versions), and no sale
 * still misses a dimension. An empty table beside sales is a warning: the
 * enrichment has not run here (a warehouse loaded from files), or its sink is behind.
 */
export async function enrichedSalesCheck(client: pg.ClientBase, samples: number): Promise<CheckResult> {
  await client.query(`CREATE OR REPLACE TEMP VIEW expected_sales_enriched AS ${EXPECTED_SQL}`);
  try {
    const { rows } = await client.query<{ missing: string; extra: string; expected: number; actual: number; unenriched: number; sales: string[] | null }>(`
      WITH missing AS (SELECT ${COLUMNS} FROM ${EXPECTED} EXCEPT ALL SELECT ${COLUMNS} FROM ${TABLE}),
           extra AS (SELECT ${COLUMNS} FROM ${TABLE} EXCEPT ALL SELECT ${COLUMNS} FROM ${EXPECTED})
      SELECT (SELECT count(*) FROM missing)::text AS missing, (SELECT count(*) FROM extra)::text AS extra,
             (SELECT count(*)::int FROM ${EXPECTED}) AS expected, (SELECT count(*)::int FROM ${TABLE}) AS actual,
             (SELECT count(*)::int FROM ${TABLE} WHERE cardinality(missing) > 0) AS unenriched,
             (SELECT array_agg(label) FROM (SELECT sale_id || ' (' || array_to_string(missing, ', ') || ')' AS label FROM ${TABLE} WHERE cardinality(missing) > 0 ORDER BY sale_id COLLATE "C" LIMIT ${samples}) s) AS sales`);
    const { missing, extra, expected, actual, unenriched, sales } = rows[0]!;
    const check = 'enriched-sales' as const;
    if (actual === 0 && expected > 0) {
      return { check, subject: TABLE, status: 'warn', detail: `empty beside ${expected.toLocaleString('en-US')} sales: the sales enrichment has not run here, or its sink is behind`, atFault: [] };
    }
    if (missing !== '0' || extra !== '0') {
      return {
        check,
        subject: TABLE,
        status: 'fail',
        detail: `${missing} joined row(s) missing or different, ${extra} row(s) not in silver.sales joined with its dimensions`,
        atFault: await differingRows(client, TABLE, EXPECTED, COLUMNS, ['sale_id'], samples),
      };
    }
    if (unenriched > 0) {
      return { check, subject: TABLE, status: 'warn', detail: `${unenriched.toLocaleString('en-US')} sale(s) name a dimension silver does not hold`, atFault: sales ?? [] };
    }
    return { check, subject: TABLE, status: 'pass', detail: `equals silver.sales joined with its dimensions, every sale enriched (${actual.toLocaleString('en-US')} rows)`, atFault: [] };
  } finally {
    await client.query('DROP VIEW IF EXISTS pg_temp.expected_sales_enriched');
  }
}
