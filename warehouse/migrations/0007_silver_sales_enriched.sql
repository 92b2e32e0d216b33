-- silver.sales_enriched: the silver sales with the names of their dimensions, as
-- the sales enrichment (processors/silver/sales-enrichment.ts) keeps them on the
-- topic of the same name. Derived, not conformed: the reference gold SQL does
-- not read it, and `medallion validate` checks it against silver.sales joined
-- with the dimension tables. Not for BI, like the rest of silver.

CREATE TABLE silver.sales_enriched (
  sale_id       text          NOT NULL,
  channel       text          NOT NULL,
  order_id      text          NOT NULL,
  sold_at       timestamp(3)  NOT NULL,
  customer_id   integer       NOT NULL,
  employee_id   integer,
  product_id    integer       NOT NULL,
  quantity      integer       NOT NULL,
  unit_price    numeric(12,4),
  discount      numeric(5,4)  NOT NULL,
  total_amount  numeric(14,2),
  product_name  text,
  category_id   integer,
  category_name text,
  customer_name text,
  city_id       integer,
  city_name     text,
  country_id    integer,
  country_name  text,
  employee_name text,
  missing       text[]        NOT NULL,
  CONSTRAINT sales_enriched_pkey PRIMARY KEY (sale_id)
);
COMMENT ON TABLE silver.sales_enriched IS 'Sale lines with the names of their product, category, customer, city, country and (in store) employee, latest per sale_id; re-written when a dimension arrives, changes or is deleted.';
COMMENT ON COLUMN silver.sales_enriched.sale_id IS 'store-<SalesID>, or online-<cart id>-<product id>.';
COMMENT ON COLUMN silver.sales_enriched.channel IS 'store or online.';
COMMENT ON COLUMN silver.sales_enriched.order_id IS 'store-<TransactionNumber>, or online-<cart id>.';
COMMENT ON COLUMN silver.sales_enriched.sold_at IS 'When the sale happened (UTC).';
COMMENT ON COLUMN silver.sales_enriched.customer_id IS 'The buying customer.';
COMMENT ON COLUMN silver.sales_enriched.employee_id IS 'The sales person; null online.';
COMMENT ON COLUMN silver.sales_enriched.product_id IS 'The product sold.';
COMMENT ON COLUMN silver.sales_enriched.quantity IS 'Units; at least 1.';
COMMENT ON COLUMN silver.sales_enriched.unit_price IS 'The cart line''s price; null in store, where the product''s current price applies.';
COMMENT ON COLUMN silver.sales_enriched.discount IS 'Discount as a fraction from 0 to 1.';
COMMENT ON COLUMN silver.sales_enriched.total_amount IS 'The source''s line total after discount; null when the source left it out or wrote 0.';
COMMENT ON COLUMN silver.sales_enriched.product_name IS 'The product''s name; null while the product is unknown.';
COMMENT ON COLUMN silver.sales_enriched.category_id IS 'The product''s category; null while the product is unknown.';
COMMENT ON COLUMN silver.sales_enriched.category_name IS 'The category''s name; null while the product or its category is unknown.';
COMMENT ON COLUMN silver.sales_enriched.customer_name IS 'The customer''s full name; null while the customer is unknown.';
COMMENT ON COLUMN silver.sales_enriched.city_id IS 'The customer''s city; null while the customer is unknown.';
COMMENT ON COLUMN silver.sales_enriched.city_name IS 'The customer''s city''s name; null while the customer or the city is unknown.';
COMMENT ON COLUMN silver.sales_enriched.country_id IS 'The city''s country; null while the customer or the city is unknown.';
COMMENT ON COLUMN silver.sales_enriched.country_name IS 'The country''s name; null while the customer, the city or the country is unknown.';
COMMENT ON COLUMN silver.sales_enriched.employee_name IS 'The sales person''s full name; null online, and while the employee is unknown.';
COMMENT ON COLUMN silver.sales_enriched.missing IS 'The dimensions not known yet (product, category, customer, city, country, employee); empty once the sale is fully enriched.';
