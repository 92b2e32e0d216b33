import pg from 'pg';
import type { StackEndpoints } from '../../config/stack-endpoints.ts';
import { withPostgres } from '../../stack/services/postgres-session.ts';

const { escapeIdentifier: id, escapeLiteral: literal } = pg;

/** Airflow's metadata database on the stack's PostgreSQL, and its own login (loopback development stack). */
export const AIRFLOW_DATABASE = { database: 'airflow', user: 'airflow', password: 'airflow' } as const;

/** SQLAlchemy's URL of the metadata database (psycopg2 comes with the postgres provider). */
export function metadataUrl(endpoint: StackEndpoints['postgres']): string {
  const { database, user, password } = AIRFLOW_DATABASE;
  return `postgresql+psycopg2://${user}:${password}@${endpoint.host}:${endpoint.port}/${database}`;
}

/** Creates the role and the database it owns, as the stack's admin; safe to run again. */
export async function ensureMetadataDatabase(endpoint: StackEndpoints['postgres']): Promise<void> {
  const { database, user, password } = AIRFLOW_DATABASE;
  await withPostgres(endpoint, endpoint.admin, 'postgres', async (client) => {
    const roleExists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user])).rowCount === 1;
    await client.query(`${roleExists ? 'ALTER' : 'CREATE'} ROLE ${id(user)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(password)}`);
    const dbExists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
    if (!dbExists) await client.query(`CREATE DATABASE ${id(database)} OWNER ${id(user)}`);
    await client.query(`REVOKE ALL ON DATABASE ${id(database)} FROM PUBLIC`);
  });
}
