-- The contract's name rule replaced PostgreSQL initcap (generator/README.md, "Typing a field"):
-- mixed-case names keep their casing; all-upper or all-lower ones are title-cased word by word.
COMMENT ON COLUMN silver.products.product_name IS 'Name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.employees.first_name IS 'First name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.employees.middle_initial IS 'Middle initial, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.employees.last_name IS 'Last name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.customers.first_name IS 'First name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.customers.middle_initial IS 'Middle initial, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.customers.last_name IS 'Last name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.countries.country_name IS 'Name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.categories.category_name IS 'Name, trimmed and cased by the contract''s name rule (mixed case kept).';
COMMENT ON COLUMN silver.cities.city_name IS 'Name, trimmed and cased by the contract''s name rule (mixed case kept).';
