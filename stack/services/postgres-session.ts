import pg from 'pg';
import type { Credentials, StackEndpoints } from '../../config/stack-endpoints.ts';

/** Runs `use` on a fresh connection to the stack's PostgreSQL as `login`, and closes it. */
export async function withPostgres<T>(
  endpoint: StackEndpoints['postgres'],
  login: Credentials,
  database: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    host: endpoint.host,
    port: endpoint.port,
    user: login.user,
    password: login.password,
    database,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
