-- Schema silver: the conformed entities, one table per silver topic, with the
-- columns of generator/clean-tables.ts (CLEAN_TABLES). They are what
-- warehouse/reference/gold.sql reads, so `medallion validate` can recompute gold
-- from them. Not for BI: the BI role cannot read this schema. Columns the silver
-- records carry beyond these (full_name) are derived, and stay out.

CREATE SCHEMA IF NOT EXISTS silver;
COMMENT ON SCHEMA silver IS 'Conformed, typed, deduplicated entities from the silver.* topics: the input of the reference gold SQL that validates gold.';

CREATE TABLE silver.sales (
  sale_id      text          NOT NULL,
  channel      text          NOT NULL,
  order_id     text          NOT NULL,
  sold_at      timestamp(3)  NOT NULL,
  customer_id  integer       NOT NULL,
  employee_id  integer,
  product_id   integer       NOT NULL,
  quantity     integer       NOT NULL,
  unit_price   numeric(12,4),
  discount     numeric(5,4)  NOT NULL,
  total_amount numeric(14,2),
  CONSTRAINT sales_pkey PRIMARY KEY (sale_id)
);
COMMENT ON TABLE silver.sales IS 'Sale lines, store and online together, latest version per sale_id.';
COMMENT ON COLUMN silver.sales.sale_id IS 'store-<SalesID>, or online-<cart id>-<product id>.';
COMMENT ON COLUMN silver.sales.channel IS 'store or online.';
COMMENT ON COLUMN silver.sales.order_id IS 'store-<TransactionNumber>, or online-<cart id>.';
COMMENT ON COLUMN silver.sales.sold_at IS 'When the sale happened (UTC).';
COMMENT ON COLUMN silver.sales.customer_id IS 'The buying customer.';
COMMENT ON COLUMN silver.sales.employee_id IS 'The sales person; null online.';
COMMENT ON COLUMN silver.sales.product_id IS 'The product sold.';
COMMENT ON COLUMN silver.sales.quantity IS 'Units; at least 1.';
COMMENT ON COLUMN silver.sales.unit_price IS 'The cart line''s price; null in store, where the product''s current price applies.';
COMMENT ON COLUMN silver.sales.discount IS 'Discount as a fraction from 0 to 1.';
COMMENT ON COLUMN silver.sales.total_amount IS 'The source''s line total after discount; null when the source left it out or wrote 0.';

CREATE TABLE silver.products (
  product_id    integer       NOT NULL,
  product_name  text          NOT NULL,
  price         numeric(12,4) NOT NULL,
  category_id   integer       NOT NULL,
  class         text,
  modify_date   timestamp(3),
  resistant     text,
  is_allergic   boolean,
  vitality_days integer,
  CONSTRAINT products_pkey PRIMARY KEY (product_id)
);
COMMENT ON TABLE silver.products IS 'Products, latest version per product_id.';
COMMENT ON COLUMN silver.products.product_id IS 'The product''s key.';
COMMENT ON COLUMN silver.products.product_name IS 'Name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.products.price IS 'Current unit price.';
COMMENT ON COLUMN silver.products.category_id IS 'The product''s category.';
COMMENT ON COLUMN silver.products.class IS 'Price class (Low, Medium, High).';
COMMENT ON COLUMN silver.products.modify_date IS 'When the source last changed the product.';
COMMENT ON COLUMN silver.products.resistant IS 'Durability (Durable, Weak, Unknown).';
COMMENT ON COLUMN silver.products.is_allergic IS 'Whether the product is an allergen; null when unknown.';
COMMENT ON COLUMN silver.products.vitality_days IS 'Shelf life in days.';

CREATE TABLE silver.employees (
  employee_id    integer NOT NULL,
  first_name     text    NOT NULL,
  middle_initial text,
  last_name      text    NOT NULL,
  birth_date     date,
  gender         text,
  city_id        integer NOT NULL,
  hire_date      timestamp(3),
  CONSTRAINT employees_pkey PRIMARY KEY (employee_id)
);
COMMENT ON TABLE silver.employees IS 'Sales people, latest version per employee_id.';
COMMENT ON COLUMN silver.employees.employee_id IS 'The employee''s key.';
COMMENT ON COLUMN silver.employees.first_name IS 'First name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.employees.middle_initial IS 'Middle initial, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.employees.last_name IS 'Last name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.employees.birth_date IS 'Date of birth.';
COMMENT ON COLUMN silver.employees.gender IS 'M or F.';
COMMENT ON COLUMN silver.employees.city_id IS 'Where the employee works.';
COMMENT ON COLUMN silver.employees.hire_date IS 'When the employee was hired.';

CREATE TABLE silver.customers (
  customer_id    integer NOT NULL,
  first_name     text    NOT NULL,
  middle_initial text,
  last_name      text    NOT NULL,
  city_id        integer NOT NULL,
  address        text,
  CONSTRAINT customers_pkey PRIMARY KEY (customer_id)
);
COMMENT ON TABLE silver.customers IS 'Customers, latest version per customer_id.';
COMMENT ON COLUMN silver.customers.customer_id IS 'The customer''s key.';
COMMENT ON COLUMN silver.customers.first_name IS 'First name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.customers.middle_initial IS 'Middle initial, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.customers.last_name IS 'Last name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.customers.city_id IS 'The customer''s city.';
COMMENT ON COLUMN silver.customers.address IS 'Street address, trimmed; may span lines.';

CREATE TABLE silver.countries (
  country_id   integer NOT NULL,
  country_name text    NOT NULL,
  country_code text,
  CONSTRAINT countries_pkey PRIMARY KEY (country_id)
);
COMMENT ON TABLE silver.countries IS 'Countries, latest version per country_id.';
COMMENT ON COLUMN silver.countries.country_id IS 'The country''s key.';
COMMENT ON COLUMN silver.countries.country_name IS 'Name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.countries.country_code IS 'ISO 3166 alpha-2 code.';

CREATE TABLE silver.categories (
  category_id   integer NOT NULL,
  category_name text    NOT NULL,
  CONSTRAINT categories_pkey PRIMARY KEY (category_id)
);
COMMENT ON TABLE silver.categories IS 'Product categories, latest version per category_id; a category deleted at the source is deleted here.';
COMMENT ON COLUMN silver.categories.category_id IS 'The category''s key.';
COMMENT ON COLUMN silver.categories.category_name IS 'Name, trimmed and initcap-cased.';

CREATE TABLE silver.cities (
  city_id    integer NOT NULL,
  city_name  text    NOT NULL,
  zipcode    text,
  country_id integer NOT NULL,
  CONSTRAINT cities_pkey PRIMARY KEY (city_id)
);
COMMENT ON TABLE silver.cities IS 'Cities, latest version per city_id.';
COMMENT ON COLUMN silver.cities.city_id IS 'The city''s key.';
COMMENT ON COLUMN silver.cities.city_name IS 'Name, trimmed and initcap-cased.';
COMMENT ON COLUMN silver.cities.zipcode IS 'Postal code, leading zeros kept.';
COMMENT ON COLUMN silver.cities.country_id IS 'The city''s country.';
