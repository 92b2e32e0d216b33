-- Indexes for the dashboard's and BI tools' queries: sales over a date range and
-- channel, a fact's lines per product, customer and employee, and the top-N
-- tables ordered by revenue. Primary keys already index each table's key.

CREATE INDEX fact_sales_sale_date_idx ON gold.fact_sales (sale_date);
CREATE INDEX fact_sales_channel_sale_date_idx ON gold.fact_sales (channel, sale_date);
CREATE INDEX fact_sales_product_id_idx ON gold.fact_sales (product_id);
CREATE INDEX fact_sales_customer_id_idx ON gold.fact_sales (customer_id);
CREATE INDEX fact_sales_employee_id_idx ON gold.fact_sales (employee_id) WHERE employee_id IS NOT NULL;
-- Freshness: the newest sale.
CREATE INDEX fact_sales_sold_at_idx ON gold.fact_sales (sold_at);
CREATE INDEX sales_daily_channel_idx ON gold.sales_daily (channel, sale_date);
CREATE INDEX product_performance_revenue_idx ON gold.product_performance (revenue DESC);
CREATE INDEX product_performance_category_name_idx ON gold.product_performance (category_name);
CREATE INDEX employee_metrics_revenue_idx ON gold.employee_metrics (revenue DESC);
CREATE INDEX customer_metrics_revenue_idx ON gold.customer_metrics (revenue DESC);
CREATE INDEX customer_metrics_country_name_idx ON gold.customer_metrics (country_name);

COMMENT ON INDEX gold.fact_sales_sale_date_idx IS 'Sales over a date range.';
COMMENT ON INDEX gold.fact_sales_channel_sale_date_idx IS 'Sales of one channel over a date range.';
COMMENT ON INDEX gold.fact_sales_product_id_idx IS 'Lines of a product (join to dim_product).';
COMMENT ON INDEX gold.fact_sales_customer_id_idx IS 'Lines of a customer (join to dim_customer).';
COMMENT ON INDEX gold.fact_sales_employee_id_idx IS 'Lines of an employee (join to dim_employee); online lines have none.';
COMMENT ON INDEX gold.fact_sales_sold_at_idx IS 'The newest sale (freshness).';
COMMENT ON INDEX gold.sales_daily_channel_idx IS 'A channel''s days.';
COMMENT ON INDEX gold.product_performance_revenue_idx IS 'Top products by revenue.';
COMMENT ON INDEX gold.product_performance_category_name_idx IS 'Products of a category.';
COMMENT ON INDEX gold.employee_metrics_revenue_idx IS 'Top employees by revenue.';
COMMENT ON INDEX gold.customer_metrics_revenue_idx IS 'Top customers by revenue.';
COMMENT ON INDEX gold.customer_metrics_country_name_idx IS 'Customers of a country.';
