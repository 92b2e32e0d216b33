-- The warehouse's roles, as the local stack creates them (stack/services/postgres-warehouse.ts);
-- `medallion warehouse migrate` (as warehouse_owner) then creates the schemas and grants each role its share.
CREATE ROLE warehouse_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'warehouse_owner';
CREATE ROLE warehouse_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'warehouse_writer';
CREATE ROLE warehouse_bi LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'warehouse_bi';
CREATE ROLE warehouse_audit LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'warehouse_audit';
-- Lets migration 0011 take over what a writer that ran the migrations before it owned.
GRANT warehouse_writer TO warehouse_owner;
REVOKE ALL ON DATABASE postgres, template1 FROM PUBLIC;
REVOKE ALL ON DATABASE warehouse FROM PUBLIC;
GRANT CONNECT, TEMPORARY, CREATE ON DATABASE warehouse TO warehouse_owner;
GRANT CONNECT, TEMPORARY, CREATE ON DATABASE warehouse TO warehouse_writer;
GRANT CONNECT ON DATABASE warehouse TO warehouse_bi;
GRANT CONNECT ON DATABASE warehouse TO warehouse_audit;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO warehouse_writer;
CREATE SCHEMA gold AUTHORIZATION warehouse_owner;
GRANT USAGE ON SCHEMA gold TO warehouse_writer, warehouse_bi;
ALTER DEFAULT PRIVILEGES FOR ROLE warehouse_owner, medallion IN SCHEMA gold GRANT SELECT ON TABLES TO warehouse_bi;
ALTER DEFAULT PRIVILEGES FOR ROLE warehouse_owner, medallion IN SCHEMA gold GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO warehouse_writer;
