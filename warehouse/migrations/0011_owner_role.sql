-- The migrations run as the owner role (MEDALLION_WAREHOUSE_OWNER_URL; warehouse_owner on the
-- local stack), which owns every schema and table; the sinks' role warehouse_writer owns none,
-- so it can write rows but can neither drop nor alter a table. Before this migration the writer
-- ran the migrations and owned what they made: the owner takes that over here, which it may as
-- a member of warehouse_writer (the local stack grants it; elsewhere the DBA does, or runs
-- REASSIGN OWNED BY warehouse_writer TO the owner as a superuser first).

DO $$
DECLARE
  item record;
BEGIN
  IF current_user = 'warehouse_writer' THEN
    RAISE EXCEPTION 'the migrations run as warehouse_writer, the sinks'' role, which must own no table'
      USING HINT = 'run them as the owner role: set MEDALLION_WAREHOUSE_OWNER_URL (the local stack''s is warehouse_owner, made by `medallion stack up`)';
  END IF;
  FOR item IN
    SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, current_user) AS sql
    FROM pg_namespace n WHERE n.nspname IN ('gold', 'silver', 'meta', 'audit') AND n.nspowner = 'warehouse_writer'::regrole
    UNION ALL
    SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, current_user)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('gold', 'silver', 'meta', 'audit') AND c.relkind IN ('r', 'p') AND c.relowner = 'warehouse_writer'::regrole
    UNION ALL
    SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, current_user)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname IN ('gold', 'silver', 'meta', 'audit') AND p.proowner = 'warehouse_writer'::regrole
  LOOP
    IF NOT pg_has_role('warehouse_writer', 'MEMBER') THEN
      RAISE EXCEPTION 'warehouse_writer owns warehouse objects (%), and %, running the migrations, may not take them over', item.sql, current_user
        USING HINT = format('as a superuser, GRANT warehouse_writer TO %I, or REASSIGN OWNED BY warehouse_writer TO %I in this database; then migrate again', current_user, current_user);
    END IF;
    EXECUTE item.sql;
  END LOOP;
END;
$$;

-- What the writer owned it had without grants: grant it rows again, now and for tables made later.
GRANT USAGE ON SCHEMA gold, silver, meta TO warehouse_writer;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA gold, silver, meta TO warehouse_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA gold, silver, meta GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO warehouse_writer;
REVOKE CREATE ON SCHEMA gold, silver, meta FROM warehouse_writer;

-- 0006 and 0008 set the default privileges of the role that ran them; these are the owner's.
GRANT SELECT ON ALL TABLES IN SCHEMA gold TO warehouse_bi;
ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT ON TABLES TO warehouse_bi;
GRANT SELECT ON ALL TABLES IN SCHEMA silver TO warehouse_audit;
ALTER DEFAULT PRIVILEGES IN SCHEMA silver GRANT SELECT ON TABLES TO warehouse_audit;

-- The migrations' record is the owner's to write; the writer may read it.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON meta.migrations FROM warehouse_writer;
