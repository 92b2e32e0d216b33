import { closeSync, createReadStream, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { GOLD_TABLE_NAMES } from '../schemas/layer-contracts.ts';
import { CLEAN_ENTITIES } from './clean-tables.ts';
import { ENRICHED_SALES_COLUMNS, ENRICHED_SALES_SQL } from '../warehouse/enriched-sales-sql.ts';
import { WarehouseError } from '../warehouse/warehouse-error.ts';

const { escapeIdentifier: id } = pg;

/** The first line of a CSV file: its column names (read from the file's head only; a fact table can be gigabytes). */
function csvHeader(file: string): string[] {
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    const length = readSync(fd, head, 0, head.length, 0);
    return (head.toString('utf8', 0, length).split('\n', 1)[0] ?? '').split(',').filter((c) => c !== '');
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces the rows of `schema.<table>` with `dir/<table>.csv` for each table, in
 * one transaction: PostgreSQL COPY CSV text with a header naming the columns
 * (what `medallion generate` writes under expected/). `derive`, in the same
 * transaction, then fills tables made from the loaded ones. Returns the rows
 * loaded (or derived) per table.
 */
export async function loadCsvTables(
  client: pg.ClientBase,
  schema: string,
  dir: string,
  tables: readonly string[],
  derive: (client: pg.ClientBase) => Promise<Record<string, number>> = async () => ({}),
): Promise<Record<string, number>> {
  const loaded: Record<string, number> = {};
  await client.query('BEGIN');
  try {
    for (const table of tables) {
      const file = path.join(dir, `${table}.csv`);
      if (!existsSync(file)) throw new WarehouseError('bad-load-file', `${file} does not exist, so ${schema}.${table} cannot be loaded`, `pass the folder that holds ${tables.map((t) => `${t}.csv`).join(', ')} (expected/gold or expected/clean of a generated dataset)`);
      const target = `${id(schema)}.${id(table)}`;
      await client.query(`TRUNCATE ${target}`);
      const columns = csvHeader(file).map(id).join(', ');
      const copy = client.query(copyFrom(`COPY ${target} (${columns}) FROM STDIN (FORMAT csv, HEADER true)`));
      await pipeline(createReadStream(file), copy);
      loaded[table] = Number(copy.rowCount);
    }
    Object.assign(loaded, await derive(client));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return loaded;
}

/** Loads a dataset's expected/gold/*.csv into gold.* (replacing what is there). */
export function loadExpectedGold(client: pg.ClientBase, expectedGoldDir: string): Promise<Record<string, number>> {
  return loadCsvTables(client, 'gold', expectedGoldDir, GOLD_TABLE_NAMES);
}

/** Loads a dataset's expected/clean/*.csv into silver.* (replacing what is there), and silver.sales_enriched from them. */
export function loadExpectedSilver(client: pg.ClientBase, expectedCleanDir: string): Promise<Record<string, number>> {
  return loadCsvTables(client, 'silver', expectedCleanDir, CLEAN_ENTITIES, async (loaded) => {
    await loaded.query('TRUNCATE silver.sales_enriched');
    const { rowCount } = await loaded.query(`INSERT INTO silver.sales_enriched (${ENRICHED_SALES_COLUMNS}) ${ENRICHED_SALES_SQL}`);
    return { sales_enriched: rowCount ?? 0 };
  });
}
