import pg from 'pg';
import type { StackEndpoints } from '../../config/stack-endpoints.ts';
import { withPostgres } from './postgres-session.ts';

const { escapeIdentifier: id, escapeLiteral: literal } = pg;

/**
 * Creates the warehouse database and its roles; safe to run again.
 * - admin (initdb's superuser) owns database `warehouse`;
 * - owner runs the migrations, so it owns schema `gold` and every schema and
 *   table they create; it is a member of writer only so that migration 0011 can
 *   take over what a writer that used to run the migrations created;
 * - writer (the JDBC and TypeScript sinks' login) reads and writes the rows the
 *   migrations grant it and owns no table, so it can drop or alter none; it may
 *   create schemas of its own (the validation's scratch schema);
 * - bi (dashboard, Power BI, pgAdmin) connects to the warehouse only and reads
 *   schema `gold` only, tables created later included; it can create nothing;
 * - audit (the Spark audit) connects to the warehouse; migration 0008 gives it its share.
 */
export async function setUpWarehouse(endpoint: StackEndpoints['postgres']): Promise<void> {
  const { admin, owner, writer, bi, audit } = endpoint;
  const db = id(endpoint.database);
  const [adminRole, ownerRole, writerRole, biRole] = [id(admin.user), id(owner.user), id(writer.user), id(bi.user)];

  await withPostgres(endpoint, admin, 'postgres', async (client) => {
    for (const role of [owner, writer, bi, audit]) {
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.user])).rowCount === 1;
      await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${id(role.user)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(role.password)}`);
    }
    const isMember = (await client.query('SELECT 1 FROM pg_auth_members WHERE roleid = to_regrole($1) AND member = to_regrole($2)', [writer.user, owner.user])).rowCount === 1;
    if (!isMember) await client.query(`GRANT ${writerRole} TO ${ownerRole}`);
    const dbExists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [endpoint.database])).rowCount === 1;
    if (!dbExists) await client.query(`CREATE DATABASE ${db} OWNER ${adminRole}`);
    for (const sql of [
      // Only the admin reaches the maintenance databases; each role gets exactly its share of the warehouse.
      'REVOKE ALL ON DATABASE postgres, template1 FROM PUBLIC',
      `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
      `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${db} TO ${ownerRole}`,
      `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${db} TO ${writerRole}`,
      `GRANT CONNECT ON DATABASE ${db} TO ${biRole}`,
      `GRANT CONNECT ON DATABASE ${db} TO ${id(audit.user)}`,
    ]) {
      await client.query(sql);
    }
  });

  await withPostgres(endpoint, admin, endpoint.database, async (client) => {
    for (const sql of [
      'REVOKE ALL ON SCHEMA public FROM PUBLIC',
      `GRANT USAGE, CREATE ON SCHEMA public TO ${writerRole}`,
      `CREATE SCHEMA IF NOT EXISTS gold AUTHORIZATION ${ownerRole}`,
      `GRANT USAGE ON SCHEMA gold TO ${writerRole}, ${biRole}`,
      `GRANT SELECT ON ALL TABLES IN SCHEMA gold TO ${biRole}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ownerRole}, ${adminRole} IN SCHEMA gold GRANT SELECT ON TABLES TO ${biRole}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ownerRole}, ${adminRole} IN SCHEMA gold GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${writerRole}`,
    ]) {
      await client.query(sql);
    }
  });
}
