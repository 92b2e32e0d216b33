import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const GOLD_SQL = new URL('../../warehouse/reference/gold.sql', import.meta.url);
const { escapeIdentifier: id } = pg;

/**
 * warehouse/reference/gold.sql with its schemas renamed: it reads `clean` and
 * writes `reference`; here it reads `source` and writes `target`. Comments are
 * dropped first, so only the SQL's schema qualifiers are renamed.
 */
export function referenceGoldSql(source: string, target: string): string {
  const sql = readFileSync(GOLD_SQL, 'utf8').replace(/--[^\n]*/g, '');
  return sql.replace(/\bclean\./g, `${id(source)}.`).replace(/\breference\b/g, id(target));
}

export interface ReferenceGold {
  /** The scratch schema holding one table per gold table. */
  readonly schema: string;
  drop(): Promise<void>;
}

/** Runs the reference gold SQL over `source` (the warehouse's silver tables) into a fresh scratch schema. */
export async function runReferenceGold(client: pg.ClientBase, source: string): Promise<ReferenceGold> {
  const schema = `validate_${randomBytes(4).toString('hex')}`;
  try {
    await client.query(referenceGoldSql(source, schema));
  } catch (error) {
    await client.query(`DROP SCHEMA IF EXISTS ${id(schema)} CASCADE`);
    throw error;
  }
  return { schema, drop: async () => void (await client.query(`DROP SCHEMA IF EXISTS ${id(schema)} CASCADE`)) };
}
