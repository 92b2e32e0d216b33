-- The warehouse's roles, as the local stack creates them (stack/services/postgres-warehouse.ts);
-- `medallion warehouse migrate` then creates the schemas and grants each role its share.
CREATE ROLE warehouse_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'warehouse_writer';
CREATE ROLE warehouse_bi LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'warehouse_bi';
GRANT CONNECT, TEMPORARY, CREATE ON DATABASE warehouse TO warehouse_writer;
GRANT CONNECT ON DATABASE warehouse TO warehouse_bi;
GRANT USAGE, CREATE ON SCHEMA public TO warehouse_writer;
