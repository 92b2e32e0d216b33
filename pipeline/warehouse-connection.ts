import pg from 'pg';

/** Runs `use` on one connection to the warehouse, closed afterwards whatever happens. */
export async function withWarehouse<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
