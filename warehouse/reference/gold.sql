-- The reference gold: the warehouse contract (shared/DESIGN.md, "The warehouse
-- contract") computed by plain SQL over the deduplicated truth.
--
-- Input: schema `clean` (sales, products, employees, customers, countries,
-- categories, cities; columns as in generator/clean-tables.ts). Output: one table
-- per gold table in schema `reference` (recreated on every run), with the gold
-- table's name, columns, types and primary key. Tables rather than views because
-- fact_sales feeds four aggregates and is computed once. `medallion generate` runs
-- this over expected/clean to write expected/gold; `medallion validate` runs it
-- over the warehouse's silver tables, so it reads nothing but those seven tables.
-- Plain PostgreSQL; no extensions.

DROP SCHEMA IF EXISTS reference CASCADE;
CREATE SCHEMA reference;

CREATE TABLE reference.dim_product AS
SELECT p.product_id,
       p.product_name,
       p.price::numeric(12,4) AS price,
       p.category_id,
       c.category_name,
       p.class,
       p.modify_date,
       p.resistant,
       p.is_allergic,
       p.vitality_days
FROM clean.products p
LEFT JOIN clean.categories c ON c.category_id = p.category_id;
ALTER TABLE reference.dim_product ADD PRIMARY KEY (product_id);

-- full_name = first_name, the middle initial and a dot when there is one, last_name.
CREATE TABLE reference.dim_customer AS
SELECT cu.customer_id,
       cu.first_name,
       cu.middle_initial,
       cu.last_name,
       cu.first_name || ' ' || coalesce(cu.middle_initial || '. ', '') || cu.last_name AS full_name,
       cu.address,
       cu.city_id,
       ci.city_name,
       ci.zipcode,
       ci.country_id,
       co.country_name,
       co.country_code
FROM clean.customers cu
LEFT JOIN clean.cities ci ON ci.city_id = cu.city_id
LEFT JOIN clean.countries co ON co.country_id = ci.country_id;
ALTER TABLE reference.dim_customer ADD PRIMARY KEY (customer_id);

CREATE TABLE reference.dim_employee AS
SELECT e.employee_id,
       e.first_name,
       e.middle_initial,
       e.last_name,
       e.first_name || ' ' || coalesce(e.middle_initial || '. ', '') || e.last_name AS full_name,
       e.birth_date,
       e.gender,
       e.hire_date,
       e.city_id,
       ci.city_name,
       co.country_name
FROM clean.employees e
LEFT JOIN clean.cities ci ON ci.city_id = e.city_id
LEFT JOIN clean.countries co ON co.country_id = ci.country_id;
ALTER TABLE reference.dim_employee ADD PRIMARY KEY (employee_id);

-- One row per sale line, store and online. A store sale has no price of its own:
-- it sells at the product's current price. The source total wins when present
-- (a zero total means "missing", like a NULL one).
CREATE TABLE reference.fact_sales AS
SELECT s.sale_id,
       s.channel,
       s.order_id,
       s.sold_at,
       s.sold_at::date AS sale_date,
       s.customer_id,
       s.employee_id,
       s.product_id,
       s.quantity,
       coalesce(s.unit_price, p.price)::numeric(12,4) AS unit_price,
       s.discount::numeric(5,4) AS discount,
       coalesce(nullif(s.total_amount, 0),
                round(s.quantity * coalesce(s.unit_price, p.price) * (1 - s.discount), 2))::numeric(14,2) AS net_amount
FROM clean.sales s
LEFT JOIN clean.products p ON p.product_id = s.product_id;
ALTER TABLE reference.fact_sales ADD PRIMARY KEY (sale_id);

CREATE TABLE reference.sales_daily AS
SELECT f.sale_date,
       f.channel,
       count(DISTINCT f.order_id) AS orders,
       sum(f.quantity)::bigint AS quantity,
       sum(f.net_amount)::numeric(14,2) AS revenue
FROM reference.fact_sales f
GROUP BY f.sale_date, f.channel;
ALTER TABLE reference.sales_daily ADD PRIMARY KEY (sale_date, channel);

-- Every product, sold or not.
CREATE TABLE reference.product_performance AS
SELECT d.product_id,
       d.product_name,
       d.category_name,
       count(DISTINCT f.order_id) AS orders,
       coalesce(sum(f.quantity), 0)::bigint AS quantity,
       coalesce(sum(f.net_amount), 0)::numeric(14,2) AS revenue
FROM reference.dim_product d
LEFT JOIN reference.fact_sales f ON f.product_id = d.product_id
GROUP BY d.product_id, d.product_name, d.category_name;
ALTER TABLE reference.product_performance ADD PRIMARY KEY (product_id);

-- Every employee; online sales have no employee.
CREATE TABLE reference.employee_metrics AS
SELECT d.employee_id,
       d.full_name,
       count(DISTINCT f.order_id) AS orders,
       count(DISTINCT f.customer_id) AS customers_served,
       coalesce(sum(f.net_amount), 0)::numeric(14,2) AS revenue,
       coalesce(round(sum(f.net_amount) / nullif(count(DISTINCT f.order_id), 0), 2), 0)::numeric(14,2) AS avg_order_value
FROM reference.dim_employee d
LEFT JOIN reference.fact_sales f ON f.employee_id = d.employee_id
GROUP BY d.employee_id, d.full_name;
ALTER TABLE reference.employee_metrics ADD PRIMARY KEY (employee_id);

-- Every customer, store and online orders together.
CREATE TABLE reference.customer_metrics AS
SELECT d.customer_id,
       d.full_name,
       d.city_name,
       d.country_name,
       count(DISTINCT f.order_id) AS orders,
       coalesce(sum(f.net_amount), 0)::numeric(14,2) AS revenue,
       min(f.sold_at) AS first_purchase_at,
       max(f.sold_at) AS last_purchase_at
FROM reference.dim_customer d
LEFT JOIN reference.fact_sales f ON f.customer_id = d.customer_id
GROUP BY d.customer_id, d.full_name, d.city_name, d.country_name;
ALTER TABLE reference.customer_metrics ADD PRIMARY KEY (customer_id);
