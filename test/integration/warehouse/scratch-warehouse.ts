import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Credentials } from '../../../stack/endpoints.ts';
import { stackEndpoints } from '../../../stack/endpoints.ts';
import { withPostgres } from '../../../stack/services/postgres-session.ts';

const endpoint = stackEndpoints().postgres;
const { escapeIdentifier: id } = pg;

export type WarehouseRole = 'admin' | 'writer' | 'bi' | 'audit';

/** A database of its own on the stack's PostgreSQL, set up like `warehouse`, so tests never touch each other's tables. */
export interface ScratchWarehouse {
  readonly database: string;
  /** The database's URL for a role, as MEDALLION_WAREHOUSE_URL would give it. */
  url(role: WarehouseRole): string;
  /** A connected client as a role; closed by drop(). */
  connect(role: WarehouseRole): Promise<pg.Client>;
  drop(): Promise<void>;
}

function credentials(role: WarehouseRole): Credentials {
  return endpoint[role];
}

/** Creates `warehouse_test_<random>` with the grants stack/services/postgres-warehouse.ts gives `warehouse` (writer may create schemas; BI and audit may connect). */
export async function scratchWarehouse(): Promise<ScratchWarehouse> {
  const database = `warehouse_test_${randomBytes(4).toString('hex')}`;
  const db = id(database);
  await withPostgres(endpoint, endpoint.admin, 'postgres', async (client) => {
    await client.query(`CREATE DATABASE ${db} OWNER ${id(endpoint.admin.user)}`);
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${db} TO ${id(endpoint.writer.user)}`);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${id(endpoint.bi.user)}`);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${id(endpoint.audit.user)}`);
  });
  await withPostgres(endpoint, endpoint.admin, database, (client) => client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC'));
  const clients: pg.Client[] = [];
  const url = (role: WarehouseRole): string => {
    const { user, password } = credentials(role);
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${endpoint.host}:${endpoint.port}/${database}`;
  };
  return {
    database,
    url,
    async connect(role) {
      const client = new pg.Client({ connectionString: url(role) });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.allSettled(clients.map((c) => c.end()));
      await withPostgres(endpoint, endpoint.admin, 'postgres', (client) => client.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    },
  };
}
