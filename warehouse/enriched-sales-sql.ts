/**
 * silver.sales joined with the silver dimension tables, as the sales enrichment
 * (processors/silver/sales-enrichment.ts) defines silver.sales_enriched: names by
 * left join, full names as silver forms them, and the dimensions not found.
 * `medallion validate` compares the table with it; `warehouse load` fills the
 * table with it, since a warehouse loaded from files has no enrichment running.
 */
export const ENRICHED_SALES_SQL = `
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

/** silver.sales_enriched's columns, in ENRICHED_SALES_SQL's order. */
export const ENRICHED_SALES_COLUMNS = [
  'sale_id', 'channel', 'order_id', 'sold_at', 'customer_id', 'employee_id', 'product_id', 'quantity', 'unit_price', 'discount', 'total_amount',
  'product_name', 'category_id', 'category_name', 'customer_name', 'city_id', 'city_name', 'country_id', 'country_name', 'employee_name', 'missing',
].join(', ');
