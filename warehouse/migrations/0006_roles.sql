-- Who may do what. The roles are the cluster's (the local stack creates them,
-- stack/services/postgres-warehouse.ts; elsewhere the DBA does):
-- - warehouse_writer, the sinks' login: reads and writes gold, silver and meta;
-- - warehouse_bi, the dashboard's, Power BI's and pgAdmin's login: reads gold and
--   nothing else, tables created later included.
-- Grants are explicit, so they hold whichever role runs the migrations.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warehouse_writer') OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warehouse_bi') THEN
    RAISE EXCEPTION 'the warehouse roles warehouse_writer and warehouse_bi do not both exist; the migrations grant each its share of the warehouse'
      USING HINT = 'create them first (`medallion stack up` does for the local stack): CREATE ROLE warehouse_writer LOGIN PASSWORD ...; CREATE ROLE warehouse_bi LOGIN PASSWORD ...';
  END IF;
END;
$$;

REVOKE ALL ON SCHEMA gold, silver, meta FROM PUBLIC;

GRANT USAGE ON SCHEMA gold, silver, meta TO warehouse_writer;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA gold, silver, meta TO warehouse_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA gold, silver, meta GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO warehouse_writer;

GRANT USAGE ON SCHEMA gold TO warehouse_bi;
GRANT SELECT ON ALL TABLES IN SCHEMA gold TO warehouse_bi;
ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT ON TABLES TO warehouse_bi;
REVOKE ALL ON SCHEMA silver, meta FROM warehouse_bi;
REVOKE ALL ON ALL TABLES IN SCHEMA silver, meta FROM warehouse_bi;
