import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Credentials } from '../config/stack-endpoints.ts';
import { stackEndpoints } from '../config/stack-endpoints.ts';
import { withPostgres } from './services/postgres-session.ts';
import { setUpWarehouse } from './services/postgres-warehouse.ts';

const endpoint = stackEndpoints().postgres;
const { escapeIdentifier: id } = pg;

export type WarehouseRole = 'admin' | 'owner' | 'writer' | 'bi' | 'audit';

/** A database of its own on the stack's PostgreSQL, set up like `warehouse`, so tests never touch each other's tables. */
export interface ScratchWarehouse {
  readonly database: string;
  /** The database's URL for a role, as MEDALLION_WAREHOUSE_URL (MEDALLION_WAREHOUSE_OWNER_URL, …) would give it. */
  url(role: WarehouseRole): string;
  /** A connected client as a role; closed by drop(). */
  connect(role: WarehouseRole): Promise<pg.Client>;
  drop(): Promise<void>;
}

function credentials(role: WarehouseRole): Credentials {
  return endpoint[role];
}

/** Creates `warehouse_test_<random>` as `medallion stack up` creates `warehouse` (stack/services/postgres-warehouse.ts), roles included. */
export async function scratchWarehouse(): Promise<ScratchWarehouse> {
  const database = `warehouse_test_${randomBytes(4).toString('hex')}`;
  await setUpWarehouse({ ...endpoint, database });
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
      await withPostgres(endpoint, endpoint.admin, 'postgres', (client) => client.query(`DROP DATABASE IF EXISTS ${id(database)} WITH (FORCE)`));
    },
  };
}
