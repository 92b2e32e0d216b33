import pg from 'pg';

const { escapeIdentifier: id } = pg;

/** schema.table, quoted. */
export const qualified = (schema: string, table: string): string => `${id(schema)}.${id(table)}`;

/** The primary key columns of a table, in key order ([] when it has none). */
export async function primaryKeyColumns(client: pg.ClientBase, schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT a.attname AS name
     FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
     WHERE c.conrelid = to_regclass($1) AND c.contype = 'p' ORDER BY k.n`,
    [qualified(schema, table)],
  );
  return rows.map((r) => r.name);
}

/** A table's columns in order. */
export async function tableColumns(client: pg.ClientBase, schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum',
    [qualified(schema, table)],
  );
  return rows.map((r) => r.name);
}

/** A SQL expression naming a row by its key: 'sale_id=store-17' or 'sale_date=2024-01-02, channel=store'. */
export function keyLabel(keys: readonly string[], alias: string): string {
  return keys.map((k) => `'${k.replaceAll("'", "''")}=' || coalesce(${alias}.${id(k)}::text, 'null')`).join(` || ', ' || `);
}
