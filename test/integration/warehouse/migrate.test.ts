import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_TABLES } from '../../../generator/clean-tables.ts';
import { GOLD_TABLE_NAMES, layerContract } from '../../../schemas/layer-contracts.ts';
import { migrateWarehouse, readMigrations } from '../../../warehouse/migrate.ts';
import { runReferenceGold } from '../../../warehouse/validate/reference-gold.ts';
import { scratchWarehouse, type ScratchWarehouse } from './scratch-warehouse.ts';

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
}

async function columns(client: pg.ClientBase, schema: string): Promise<ColumnRow[]> {
  const { rows } = await client.query<ColumnRow>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
    [schema],
  );
  return rows;
}

async function primaryKeys(client: pg.ClientBase, schema: string): Promise<Record<string, string>> {
  const { rows } = await client.query<{ table_name: string; key: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, pg_get_constraintdef(c.oid) AS key
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype = 'p'`,
    [schema],
  );
  return Object.fromEntries(rows.map((r) => [r.table_name.replace(/^.*\./, ''), r.key]));
}

describe('warehouse migrations', () => {
  let warehouse: ScratchWarehouse;
  let writer: pg.Client;

  beforeAll(async () => {
    warehouse = await scratchWarehouse();
    writer = await warehouse.connect('writer');
  });
  afterAll(() => warehouse.drop());

  it('applies every migration once, and nothing the second time', async () => {
    const all = readMigrations().map((m) => m.name);
    expect(await migrateWarehouse(writer)).toEqual({ applied: all });
    expect(await migrateWarehouse(writer)).toEqual({ applied: [] });
    const { rows } = await writer.query<{ name: string }>('SELECT name FROM meta.migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(all);
  });

  it('waits for a concurrent run instead of applying twice', async () => {
    const other = await scratchWarehouse();
    try {
      const [a, b] = await Promise.all([other.connect('writer'), other.connect('writer')]);
      const results = await Promise.all([migrateWarehouse(a), migrateWarehouse(b)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(readMigrations().map((m) => m.name));
    } finally {
      await other.drop();
    }
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    const edited = [{ ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'f'.repeat(64) }, ...rest];
    await expect(migrateWarehouse(writer, edited)).rejects.toMatchObject({ code: 'migration-changed' });
  });

  it('rolls back a failing migration and records nothing of it', async () => {
    const broken = [...readMigrations(), { name: '9999_broken', sql: 'CREATE TABLE gold.half_done (id int); SELECT 1/0;', checksum: '0'.repeat(64) }];
    await expect(migrateWarehouse(writer, broken)).rejects.toMatchObject({ code: 'migration-failed' });
    const { rows } = await writer.query("SELECT to_regclass('gold.half_done') AS t, (SELECT count(*)::int FROM meta.migrations WHERE name = '9999_broken') AS n");
    expect(rows).toEqual([{ t: null, n: 0 }]);
  });

  it('gives gold the names, types and keys of the reference gold', async () => {
    const scratch = await runReferenceGold(writer, 'silver');
    try {
      const strip = (rows: ColumnRow[]) => rows.map((r) => `${r.table_name}.${r.column_name} ${r.type}`);
      expect(strip(await columns(writer, 'gold'))).toEqual(strip(await columns(writer, scratch.schema)));
      expect(await primaryKeys(writer, 'gold')).toEqual(await primaryKeys(writer, scratch.schema));
      expect(Object.keys(await primaryKeys(writer, 'gold')).sort()).toEqual([...GOLD_TABLE_NAMES].sort());
    } finally {
      await scratch.drop();
    }
  });

  it('gives silver the columns and keys of the clean tables, and the enriched sales', async () => {
    const expected = Object.entries(CLEAN_TABLES).flatMap(([table, t]) => t.columns.map(([column, type]) => `${table}.${column} ${type}`));
    const conformed = (await columns(writer, 'silver')).filter((r) => r.table_name !== 'sales_enriched');
    const actual = conformed.map((r) => `${r.table_name}.${r.column_name} ${r.type.replace('integer', 'int').replace(' without time zone', '')}`);
    expect(actual.sort()).toEqual(expected.sort());
    const keys = Object.fromEntries(Object.entries(CLEAN_TABLES).map(([table, t]) => [table, `PRIMARY KEY (${t.key})`]));
    expect(await primaryKeys(writer, 'silver')).toEqual({ ...keys, sales_enriched: 'PRIMARY KEY (sale_id)' });
  });

  it('gives silver.sales_enriched a column per field of its contract, in order: the sale, the names, the missing dimensions', async () => {
    const enriched = (await columns(writer, 'silver')).filter((r) => r.table_name === 'sales_enriched');
    expect(enriched.map((r) => r.column_name)).toEqual(layerContract('silver', 'sales_enriched').schema.fields.map((f) => f.name));
    expect(enriched.find((r) => r.column_name === 'missing')?.type).toBe('text[]');
  });

  it('comments every table and column of gold and silver', async () => {
    const { rows } = await writer.query<{ what: string }>(
      `SELECT n.nspname || '.' || c.relname || coalesce('.' || a.attname, '') AS what
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE n.nspname IN ('gold', 'silver') AND c.relkind = 'r'
         AND (col_description(c.oid, a.attnum) IS NULL AND a.attnum IS NOT NULL OR obj_description(c.oid, 'pg_class') IS NULL)`,
    );
    expect(rows).toEqual([]);
  });

  it('notifies gold_changed with the table name after each statement on a gold table', async () => {
    const listener = await warehouse.connect('bi');
    const payloads: string[] = [];
    listener.on('notification', (n) => payloads.push(`${n.channel}:${n.payload ?? ''}`));
    await listener.query('LISTEN gold_changed');
    await writer.query("INSERT INTO gold.sales_daily VALUES ('2024-01-01', 'store', 1, 2, 3.00), ('2024-01-02', 'store', 1, 2, 3.00)");
    await writer.query('DELETE FROM gold.sales_daily');
    await listener.query('SELECT 1'); // a round trip, so notifications sent before it have arrived
    expect(payloads).toEqual(['gold_changed:sales_daily', 'gold_changed:sales_daily']);
  });
});

describe('warehouse roles after migration', () => {
  let warehouse: ScratchWarehouse;
  let bi: pg.Client;
  const PERMISSION_DENIED = { code: '42501' };

  beforeAll(async () => {
    warehouse = await scratchWarehouse();
    const admin = await warehouse.connect('admin');
    // Migrated by the admin: the explicit grants must still give each role its share.
    await migrateWarehouse(admin);
    const writer = await warehouse.connect('writer');
    await writer.query("INSERT INTO gold.dim_product (product_id, product_name, price, category_id) VALUES (1, 'Apple', 1.5, 1)");
    await writer.query("INSERT INTO silver.categories VALUES (1, 'Fruit')");
    bi = await warehouse.connect('bi');
  });
  afterAll(() => warehouse.drop());

  it('lets the BI role read every gold table', async () => {
    for (const table of GOLD_TABLE_NAMES) await expect(bi.query(`SELECT count(*) FROM gold.${table}`)).resolves.toBeDefined();
    const { rows } = await bi.query('SELECT product_name FROM gold.dim_product');
    expect(rows).toEqual([{ product_name: 'Apple' }]);
  });

  it.each([
    ['INSERT', "INSERT INTO gold.dim_product (product_id, product_name, price, category_id) VALUES (2, 'Pear', 1, 1)"],
    ['UPDATE', "UPDATE gold.dim_product SET product_name = 'Pear'"],
    ['DELETE', 'DELETE FROM gold.dim_product'],
    ['TRUNCATE', 'TRUNCATE gold.fact_sales'],
    ['read silver', 'SELECT * FROM silver.categories'],
    ['read meta', 'SELECT * FROM meta.migrations'],
    ['create in gold', 'CREATE TABLE gold.mine (id int)'],
  ])('refuses the BI role: %s', async (_what, sql) => {
    await expect(bi.query(sql)).rejects.toMatchObject(PERMISSION_DENIED);
  });
});
