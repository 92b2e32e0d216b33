-- Schema gold: the warehouse contract (shared/DESIGN.md), the eight tables that
-- Power BI, pgAdmin and the dashboard read. Names, types and keys are exactly
-- those of the reference.* tables of warehouse/reference/gold.sql, so gold can be
-- compared with the reference row for row. NOT NULL follows the gold Avro
-- contracts (schemas/gold/*.avsc); CHECK constraints guard what every sink writes,
-- and their names are what a dead letter reports.

CREATE SCHEMA IF NOT EXISTS gold;
COMMENT ON SCHEMA gold IS 'The warehouse contract: facts, dimensions and aggregates for BI, written by the sinks from the gold.* topics.';

CREATE TABLE gold.fact_sales (
  sale_id     text          NOT NULL,
  channel     text          NOT NULL CONSTRAINT fact_sales_channel_known CHECK (channel IN ('store', 'online')),
  order_id    text          NOT NULL,
  sold_at     timestamp(3)  NOT NULL,
  sale_date   date          NOT NULL,
  customer_id integer       NOT NULL,
  employee_id integer,
  product_id  integer       NOT NULL,
  quantity    integer       NOT NULL CONSTRAINT fact_sales_quantity_positive CHECK (quantity > 0),
  unit_price  numeric(12,4) CONSTRAINT fact_sales_unit_price_not_negative CHECK (unit_price >= 0),
  discount    numeric(5,4)  NOT NULL CONSTRAINT fact_sales_discount_fraction CHECK (discount BETWEEN 0 AND 1),
  net_amount  numeric(14,2),
  CONSTRAINT fact_sales_pkey PRIMARY KEY (sale_id),
  CONSTRAINT fact_sales_sale_date_of_sold_at CHECK (sale_date = sold_at::date)
);
COMMENT ON TABLE gold.fact_sales IS 'One row per sale line, store and online. Joins dim_product, dim_customer and dim_employee by their ids.';
COMMENT ON COLUMN gold.fact_sales.sale_id IS 'The sale line''s key: store-<SalesID>, or online-<cart id>-<product id>.';
COMMENT ON COLUMN gold.fact_sales.channel IS 'store or online.';
COMMENT ON COLUMN gold.fact_sales.order_id IS 'The order (basket) of the line: store-<TransactionNumber>, or online-<cart id>.';
COMMENT ON COLUMN gold.fact_sales.sold_at IS 'When the sale happened (UTC).';
COMMENT ON COLUMN gold.fact_sales.sale_date IS 'The UTC date of sold_at.';
COMMENT ON COLUMN gold.fact_sales.customer_id IS 'The buying customer (gold.dim_customer).';
COMMENT ON COLUMN gold.fact_sales.employee_id IS 'The sales person (gold.dim_employee); null online.';
COMMENT ON COLUMN gold.fact_sales.product_id IS 'The product sold (gold.dim_product).';
COMMENT ON COLUMN gold.fact_sales.quantity IS 'Units.';
COMMENT ON COLUMN gold.fact_sales.unit_price IS 'The line''s own price, else the product''s current price; null while the product is unknown.';
COMMENT ON COLUMN gold.fact_sales.discount IS 'Discount as a fraction from 0 to 1.';
COMMENT ON COLUMN gold.fact_sales.net_amount IS 'The source total when present and not 0, else round(quantity * unit_price * (1 - discount), 2); null while the price is unknown.';

CREATE TABLE gold.dim_product (
  product_id    integer       NOT NULL,
  product_name  text          NOT NULL,
  price         numeric(12,4) NOT NULL CONSTRAINT dim_product_price_not_negative CHECK (price >= 0),
  category_id   integer       NOT NULL,
  category_name text,
  class         text,
  modify_date   timestamp(3),
  resistant     text,
  is_allergic   boolean,
  vitality_days integer,
  CONSTRAINT dim_product_pkey PRIMARY KEY (product_id)
);
COMMENT ON TABLE gold.dim_product IS 'The current version of each product, with its category''s name.';
COMMENT ON COLUMN gold.dim_product.product_id IS 'The product''s key.';
COMMENT ON COLUMN gold.dim_product.product_name IS 'Name.';
COMMENT ON COLUMN gold.dim_product.price IS 'Current unit price.';
COMMENT ON COLUMN gold.dim_product.category_id IS 'The product''s category.';
COMMENT ON COLUMN gold.dim_product.category_name IS 'The category''s name; null while the category is unknown.';
COMMENT ON COLUMN gold.dim_product.class IS 'Price class (Low, Medium, High).';
COMMENT ON COLUMN gold.dim_product.modify_date IS 'When the source last changed the product.';
COMMENT ON COLUMN gold.dim_product.resistant IS 'Durability (Durable, Weak, Unknown).';
COMMENT ON COLUMN gold.dim_product.is_allergic IS 'Whether the product is an allergen; null when unknown.';
COMMENT ON COLUMN gold.dim_product.vitality_days IS 'Shelf life in days.';

CREATE TABLE gold.dim_customer (
  customer_id    integer NOT NULL,
  first_name     text    NOT NULL,
  middle_initial text,
  last_name      text    NOT NULL,
  full_name      text    NOT NULL,
  address        text,
  city_id        integer NOT NULL,
  city_name      text,
  zipcode        text,
  country_id     integer,
  country_name   text,
  country_code   text,
  CONSTRAINT dim_customer_pkey PRIMARY KEY (customer_id)
);
COMMENT ON TABLE gold.dim_customer IS 'The current version of each customer, with city and country resolved.';
COMMENT ON COLUMN gold.dim_customer.customer_id IS 'The customer''s key.';
COMMENT ON COLUMN gold.dim_customer.first_name IS 'First name.';
COMMENT ON COLUMN gold.dim_customer.middle_initial IS 'Middle initial.';
COMMENT ON COLUMN gold.dim_customer.last_name IS 'Last name.';
COMMENT ON COLUMN gold.dim_customer.full_name IS 'First M. Last (the initial and its dot only when there is one).';
COMMENT ON COLUMN gold.dim_customer.address IS 'Street address.';
COMMENT ON COLUMN gold.dim_customer.city_id IS 'The customer''s city.';
COMMENT ON COLUMN gold.dim_customer.city_name IS 'The city''s name; null while the city is unknown.';
COMMENT ON COLUMN gold.dim_customer.zipcode IS 'The city''s postal code.';
COMMENT ON COLUMN gold.dim_customer.country_id IS 'The city''s country; null while the city is unknown.';
COMMENT ON COLUMN gold.dim_customer.country_name IS 'The country''s name; null while it is unknown.';
COMMENT ON COLUMN gold.dim_customer.country_code IS 'The country''s ISO 3166 alpha-2 code.';

CREATE TABLE gold.dim_employee (
  employee_id    integer NOT NULL,
  first_name     text    NOT NULL,
  middle_initial text,
  last_name      text    NOT NULL,
  full_name      text    NOT NULL,
  birth_date     date,
  gender         text,
  hire_date      timestamp(3),
  city_id        integer NOT NULL,
  city_name      text,
  country_name   text,
  CONSTRAINT dim_employee_pkey PRIMARY KEY (employee_id)
);
COMMENT ON TABLE gold.dim_employee IS 'The current version of each sales person, with city and country resolved.';
COMMENT ON COLUMN gold.dim_employee.employee_id IS 'The employee''s key.';
COMMENT ON COLUMN gold.dim_employee.first_name IS 'First name.';
COMMENT ON COLUMN gold.dim_employee.middle_initial IS 'Middle initial.';
COMMENT ON COLUMN gold.dim_employee.last_name IS 'Last name.';
COMMENT ON COLUMN gold.dim_employee.full_name IS 'First M. Last (the initial and its dot only when there is one).';
COMMENT ON COLUMN gold.dim_employee.birth_date IS 'Date of birth.';
COMMENT ON COLUMN gold.dim_employee.gender IS 'M or F.';
COMMENT ON COLUMN gold.dim_employee.hire_date IS 'When the employee was hired.';
COMMENT ON COLUMN gold.dim_employee.city_id IS 'Where the employee works.';
COMMENT ON COLUMN gold.dim_employee.city_name IS 'The city''s name; null while the city is unknown.';
COMMENT ON COLUMN gold.dim_employee.country_name IS 'The country''s name; null while it is unknown.';

CREATE TABLE gold.sales_daily (
  sale_date date          NOT NULL,
  channel   text          NOT NULL CONSTRAINT sales_daily_channel_known CHECK (channel IN ('store', 'online')),
  orders    bigint        NOT NULL CONSTRAINT sales_daily_orders_not_negative CHECK (orders >= 0),
  quantity  bigint        NOT NULL,
  revenue   numeric(14,2),
  CONSTRAINT sales_daily_pkey PRIMARY KEY (sale_date, channel)
);
COMMENT ON TABLE gold.sales_daily IS 'Orders, units and revenue per UTC day and channel.';
COMMENT ON COLUMN gold.sales_daily.sale_date IS 'The UTC day.';
COMMENT ON COLUMN gold.sales_daily.channel IS 'store or online.';
COMMENT ON COLUMN gold.sales_daily.orders IS 'Distinct orders.';
COMMENT ON COLUMN gold.sales_daily.quantity IS 'Units sold.';
COMMENT ON COLUMN gold.sales_daily.revenue IS 'Sum of net_amount; null when no line of the day has one.';

CREATE TABLE gold.product_performance (
  product_id    integer       NOT NULL,
  product_name  text          NOT NULL,
  category_name text,
  orders        bigint        NOT NULL CONSTRAINT product_performance_orders_not_negative CHECK (orders >= 0),
  quantity      bigint        NOT NULL,
  revenue       numeric(14,2) NOT NULL,
  CONSTRAINT product_performance_pkey PRIMARY KEY (product_id)
);
COMMENT ON TABLE gold.product_performance IS 'Sales per product, every product even unsold.';
COMMENT ON COLUMN gold.product_performance.product_id IS 'The product''s key (gold.dim_product).';
COMMENT ON COLUMN gold.product_performance.product_name IS 'Name.';
COMMENT ON COLUMN gold.product_performance.category_name IS 'The category''s name.';
COMMENT ON COLUMN gold.product_performance.orders IS 'Distinct orders with the product.';
COMMENT ON COLUMN gold.product_performance.quantity IS 'Units sold.';
COMMENT ON COLUMN gold.product_performance.revenue IS 'Sum of net_amount (0 when unsold).';

CREATE TABLE gold.employee_metrics (
  employee_id      integer       NOT NULL,
  full_name        text          NOT NULL,
  orders           bigint        NOT NULL CONSTRAINT employee_metrics_orders_not_negative CHECK (orders >= 0),
  customers_served bigint        NOT NULL,
  revenue          numeric(14,2) NOT NULL,
  avg_order_value  numeric(14,2) NOT NULL,
  CONSTRAINT employee_metrics_pkey PRIMARY KEY (employee_id)
);
COMMENT ON TABLE gold.employee_metrics IS 'Sales per employee, every employee even without sales (online sales have no employee).';
COMMENT ON COLUMN gold.employee_metrics.employee_id IS 'The employee''s key (gold.dim_employee).';
COMMENT ON COLUMN gold.employee_metrics.full_name IS 'First M. Last.';
COMMENT ON COLUMN gold.employee_metrics.orders IS 'Distinct orders.';
COMMENT ON COLUMN gold.employee_metrics.customers_served IS 'Distinct customers.';
COMMENT ON COLUMN gold.employee_metrics.revenue IS 'Sum of net_amount (0 without sales).';
COMMENT ON COLUMN gold.employee_metrics.avg_order_value IS 'round(revenue / orders, 2); 0 without orders.';

CREATE TABLE gold.customer_metrics (
  customer_id       integer       NOT NULL,
  full_name         text          NOT NULL,
  city_name         text,
  country_name      text,
  orders            bigint        NOT NULL CONSTRAINT customer_metrics_orders_not_negative CHECK (orders >= 0),
  revenue           numeric(14,2) NOT NULL,
  -- timestamp, not timestamp(3): min()/max() in the reference drop the precision, and the types match it.
  first_purchase_at timestamp,
  last_purchase_at  timestamp,
  CONSTRAINT customer_metrics_pkey PRIMARY KEY (customer_id),
  CONSTRAINT customer_metrics_purchases_in_order CHECK (first_purchase_at <= last_purchase_at)
);
COMMENT ON TABLE gold.customer_metrics IS 'Purchases per customer, store and online together, every customer even without any.';
COMMENT ON COLUMN gold.customer_metrics.customer_id IS 'The customer''s key (gold.dim_customer).';
COMMENT ON COLUMN gold.customer_metrics.full_name IS 'First M. Last.';
COMMENT ON COLUMN gold.customer_metrics.city_name IS 'The city''s name.';
COMMENT ON COLUMN gold.customer_metrics.country_name IS 'The country''s name.';
COMMENT ON COLUMN gold.customer_metrics.orders IS 'Distinct orders.';
COMMENT ON COLUMN gold.customer_metrics.revenue IS 'Sum of net_amount (0 without purchases).';
COMMENT ON COLUMN gold.customer_metrics.first_purchase_at IS 'The first purchase (UTC); null without purchases.';
COMMENT ON COLUMN gold.customer_metrics.last_purchase_at IS 'The last purchase (UTC); null without purchases.';
