-- Every statement that changes a gold table notifies channel gold_changed with
-- the table's name, whichever sink wrote it (the JDBC sink connector or the
-- TypeScript sink), so the dashboard LISTENs and refreshes live. Statement-level:
-- a batch of 10,000 rows is one notification, and PostgreSQL folds repeats of
-- the same payload within a transaction into one, delivered at commit.

CREATE FUNCTION meta.notify_gold_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gold_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
COMMENT ON FUNCTION meta.notify_gold_changed() IS 'Trigger function: pg_notify(''gold_changed'', <gold table name>) after a statement changed the table.';

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fact_sales', 'dim_product', 'dim_customer', 'dim_employee', 'sales_daily', 'product_performance', 'employee_metrics', 'customer_metrics'] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gold.%I FOR EACH STATEMENT EXECUTE FUNCTION meta.notify_gold_changed()',
      t || '_notify_changed', t);
    EXECUTE format('COMMENT ON TRIGGER %I ON gold.%I IS %L', t || '_notify_changed', t, 'Notifies channel gold_changed with payload ''' || t || ''' after each changing statement.');
  END LOOP;
END;
$$;
