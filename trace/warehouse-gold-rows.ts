import pg from 'pg';
import { plainRecord } from './plain-record.ts';
import type { GoldRows } from './sale-trace.ts';

/**
 * Gold rows read from the warehouse through one connection. Table and key column
 * come from the trace's own catalog, never from the user, so they are quoted as
 * identifiers; the key is a parameter.
 */
export async function warehouseGoldRows(url: string): Promise<GoldRows & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const name = (table: string, column: string): string => `gold.${pg.escapeIdentifier(table)} WHERE ${pg.escapeIdentifier(column)}`;
  return {
    async row(table, keyColumn, key) {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM ${name(table, keyColumn)} = $1 LIMIT 1`, [key]);
      return rows[0] === undefined ? undefined : plainRecord(rows[0]);
    },
    async examples(table, keyColumn) {
      const { rows } = await client.query<{ key: string }>(`SELECT ${pg.escapeIdentifier(keyColumn)}::text AS key FROM gold.${pg.escapeIdentifier(table)} ORDER BY 1 LIMIT 3`);
      return rows.map((r) => r.key);
    },
    async select(table, columns, where, params, tail = '') {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT ${columns} FROM gold.${pg.escapeIdentifier(table)} WHERE ${where} ${tail}`, [...params]);
      return rows.map(plainRecord);
    },
    close: () => client.end(),
  };
}
