import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_TABLES } from '../../../generator/clean-tables.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { setUpWarehouse } from '../../../stack/services/postgres-warehouse.ts';
import { GOLD_TABLE_NAMES, layerContract } from '../../../schemas/layer-contracts.ts';
import { migrateWarehouse, readMigrations } from '../../../warehouse/migrate.ts';
import { runReferenceGold } from '../../../checks/validate/reference-gold.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

const endpoint = stackEndpoints().postgres;

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
  let owner: pg.Client;
  let writer: pg.Client;

  beforeAll(async () => {
    warehouse = await scratchWarehouse();
    [owner, writer] = await Promise.all([warehouse.connect('owner'), warehouse.connect('writer')]);
  });
  afterAll(() => warehouse.drop());

  it('applies every migration once as the owner, and nothing the second time', async () => {
    const all = readMigrations().map((m) => m.name);
    expect(await migrateWarehouse(owner)).toEqual({ applied: all });
    expect(await migrateWarehouse(owner)).toEqual({ applied: [] });
    const { rows } = await writer.query<{ name: string; applied_by: string }>('SELECT name, applied_by FROM meta.migrations ORDER BY name');
    expect(rows).toEqual(all.map((name) => ({ name, applied_by: endpoint.owner.user })));
  });

  it('waits for a concurrent run instead of applying twice', async () => {
    const other = await scratchWarehouse();
    try {
      const [a, b] = await Promise.all([other.connect('owner'), other.connect('owner')]);
      const results = await Promise.all([migrateWarehouse(a), migrateWarehouse(b)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(readMigrations().map((m) => m.name));
    } finally {
      await other.drop();
    }
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    const edited = [{ ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'f'.repeat(64) }, ...rest];
    await expect(migrateWarehouse(owner, edited)).rejects.toMatchObject({ code: 'migration-changed' });
  });

  it('rolls back a failing migration and records nothing of it', async () => {
    const broken = [...readMigrations(), { name: '9999_broken', sql: 'CREATE TABLE gold.half_done (id int); SELECT 1/0;', checksum: '0'.repeat(64) }];
    await expect(migrateWarehouse(owner, broken)).rejects.toMatchObject({ code: 'migration-failed' });
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

/** The tables of a schema, as schema.table. */
async function tablesOf(client: pg.ClientBase, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>("SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1", [schema]);
  return rows.map((r) => r.name);
}

/** An UPDATE that changes nothing, yet needs the UPDATE privilege: the table's first column set to itself. */
async function noOpUpdate(client: pg.ClientBase, table: string): Promise<string> {
  const { rows } = await client.query<{ column: string }>('SELECT quote_ident(attname) AS column FROM pg_attribute WHERE attrelid = $1::regclass AND attnum = 1', [table]);
  return `UPDATE ${table} SET ${rows[0]!.column} = ${rows[0]!.column}`;
}

const PERMISSION_DENIED = { code: '42501' };
const ROW_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
const ALL_ROW_PRIVILEGES = Object.fromEntries(ROW_PRIVILEGES.map((p) => [p, true]));

/** Which of SELECT, INSERT, UPDATE, DELETE the writer holds on a table. */
async function writerRowPrivileges(client: pg.ClientBase, table: string): Promise<Record<string, boolean> | undefined> {
  const checks = ROW_PRIVILEGES.map((p) => `has_table_privilege($1, $2, '${p}') AS "${p}"`).join(', ');
  return (await client.query<Record<string, boolean>>(`SELECT ${checks}`, [endpoint.writer.user, table])).rows[0];
}

// Migrated by the owner, as the pipeline does, and by the admin: the explicit grants must give each role its share either way.
describe.each(['owner', 'admin'] as const)('warehouse roles after migration by the %s', (migrator) => {
  let warehouse: ScratchWarehouse;
  let admin: pg.Client;
  let writer: pg.Client;
  let bi: pg.Client;
  const tables: Record<'gold' | 'silver' | 'meta', string[]> = { gold: [], silver: [], meta: [] };

  beforeAll(async () => {
    warehouse = await scratchWarehouse();
    await migrateWarehouse(await warehouse.connect(migrator));
    [admin, writer, bi] = await Promise.all([warehouse.connect('admin'), warehouse.connect('writer'), warehouse.connect('bi')]);
    for (const schema of ['gold', 'silver', 'meta'] as const) tables[schema] = await tablesOf(admin, schema);
    await writer.query("INSERT INTO gold.dim_product (product_id, product_name, price, category_id) VALUES (1, 'Apple', 1.5, 1)");
    await writer.query("INSERT INTO silver.categories VALUES (1, 'Fruit')");
  });
  afterAll(() => warehouse.drop());

  it('lets the BI role read every gold table', async () => {
    expect(tables.gold.map((t) => t.replace('gold.', '')).sort()).toEqual([...GOLD_TABLE_NAMES].sort());
    for (const table of tables.gold) await expect(bi.query(`SELECT count(*) FROM ${table}`)).resolves.toBeDefined();
    const { rows } = await bi.query('SELECT product_name FROM gold.dim_product');
    expect(rows).toEqual([{ product_name: 'Apple' }]);
  });

  it('refuses the BI role INSERT, UPDATE, DELETE, TRUNCATE, ALTER and DROP on every gold table', async () => {
    for (const table of tables.gold) {
      for (const sql of [`INSERT INTO ${table} DEFAULT VALUES`, await noOpUpdate(admin, table), `DELETE FROM ${table}`, `TRUNCATE ${table}`, `ALTER TABLE ${table} ADD COLUMN bi_note text`, `DROP TABLE ${table}`]) {
        await expect(bi.query(sql), sql).rejects.toMatchObject(PERMISSION_DENIED);
      }
    }
    expect((await bi.query('SELECT count(*)::int AS n FROM gold.dim_product')).rows).toEqual([{ n: 1 }]);
  });

  it('refuses the BI role every silver table, every meta table but the alerts (0009: the dashboard shows them), and creating a table in gold', async () => {
    const refused = [...tables.silver, ...tables.meta.filter((t) => t !== 'meta.alerts')];
    expect(refused).toEqual(expect.arrayContaining(['silver.sales', 'meta.migrations', 'meta.sink_positions']));
    for (const table of refused) await expect(bi.query(`SELECT * FROM ${table}`), table).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(bi.query('CREATE TABLE gold.mine (id int)')).rejects.toMatchObject(PERMISSION_DENIED);
  });

  it('lets the sinks\' writer read, insert, update and delete rows of every gold and silver table and meta.sink_positions', async () => {
    for (const table of [...tables.gold, ...tables.silver, 'meta.sink_positions']) expect(await writerRowPrivileges(admin, table), table).toEqual(ALL_ROW_PRIVILEGES);
    await writer.query("UPDATE silver.categories SET category_name = 'Fruits' WHERE category_id = 1");
    await writer.query("INSERT INTO meta.sink_positions (sink, topic, partition, next_offset) VALUES ('roles', 'gold.fact_sales', 0, 1)");
    await writer.query("DELETE FROM meta.sink_positions WHERE sink = 'roles'");
  });

  it('refuses the sinks\' writer ALTER and DROP on every gold and silver table, creating tables, and rewriting the migrations\' record', async () => {
    for (const table of [...tables.gold, ...tables.silver]) {
      await expect(writer.query(`ALTER TABLE ${table} ADD COLUMN writer_note text`), table).rejects.toMatchObject(PERMISSION_DENIED);
      await expect(writer.query(`DROP TABLE ${table}`), table).rejects.toMatchObject(PERMISSION_DENIED);
    }
    for (const schema of ['gold', 'silver', 'meta']) await expect(writer.query(`CREATE TABLE ${schema}.mine (id int)`), schema).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(writer.query('DELETE FROM meta.migrations')).rejects.toMatchObject(PERMISSION_DENIED);
    expect(await tablesOf(admin, 'gold')).toEqual(tables.gold);
    expect(await tablesOf(admin, 'silver')).toEqual(tables.silver);
  });
});

describe('a warehouse the writer migrated, before the owner role', () => {
  let warehouse: ScratchWarehouse;
  let admin: pg.Client;
  let writer: pg.Client;
  const before = readMigrations().filter((m) => m.name < '0011');

  /** What warehouse_writer owns in the pipeline's schemas. */
  async function ownedByWriter(): Promise<string[]> {
    const { rows } = await admin.query<{ what: string }>(
      `SELECT 'schema ' || nspname AS what FROM pg_namespace WHERE nspowner = $1::regrole
       UNION ALL SELECT 'table ' || c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relowner = $1::regrole AND n.nspname IN ('gold', 'silver', 'meta', 'audit')
       UNION ALL SELECT 'function ' || p.oid::regprocedure FROM pg_proc p WHERE p.proowner = $1::regrole ORDER BY 1`,
      [endpoint.writer.user],
    );
    return rows.map((r) => r.what);
  }

  beforeAll(async () => {
    warehouse = await scratchWarehouse();
    [admin, writer] = await Promise.all([warehouse.connect('admin'), warehouse.connect('writer')]);
    // As the stack set it up before: the writer owned schema gold and ran the migrations.
    await admin.query(`ALTER SCHEMA gold OWNER TO ${pg.escapeIdentifier(endpoint.writer.user)}`);
    expect(await migrateWarehouse(writer, before)).toEqual({ applied: before.map((m) => m.name) });
  });
  afterAll(() => warehouse.drop());

  it('is the case this covers: the writer owns the tables and could drop them', async () => {
    expect(await ownedByWriter()).toEqual(expect.arrayContaining(['schema gold', 'table gold.fact_sales', 'table silver.sales_enriched', 'function meta.notify_gold_changed()']));
  });

  it('refuses to go on migrating as the writer', async () => {
    await expect(migrateWarehouse(writer)).rejects.toMatchObject({ code: 'migration-failed', message: expect.stringContaining("run as warehouse_writer, the sinks' role") });
  });

  it('is taken over by the owner after `stack up`, and the writer keeps its rows but can drop nothing', async () => {
    await setUpWarehouse({ ...endpoint, database: warehouse.database });
    const owner = await warehouse.connect('owner');
    expect(await migrateWarehouse(owner)).toEqual({ applied: ['0011_owner_role'] });
    expect(await migrateWarehouse(owner)).toEqual({ applied: [] });
    expect(await ownedByWriter()).toEqual([]);
    for (const table of ['gold.fact_sales', 'silver.sales_enriched', 'meta.alerts']) {
      await expect(writer.query(`DROP TABLE ${table}`), table).rejects.toMatchObject(PERMISSION_DENIED);
    }
    await expect(writer.query('ALTER TABLE silver.sales_enriched ADD COLUMN writer_note text')).rejects.toMatchObject(PERMISSION_DENIED);
    // silver.sales_enriched and meta.alerts came after 0006's grants: the writer had them only as their owner.
    for (const table of ['gold.fact_sales', 'silver.sales_enriched', 'meta.sink_positions', 'meta.alerts']) expect(await writerRowPrivileges(admin, table), table).toEqual(ALL_ROW_PRIVILEGES);
    expect(await (await warehouse.connect('bi')).query('SELECT count(*)::int AS n FROM gold.fact_sales').then((r) => r.rows)).toEqual([{ n: 0 }]);
    expect(await (await warehouse.connect('audit')).query('SELECT count(*)::int AS n FROM silver.sales_enriched').then((r) => r.rows)).toEqual([{ n: 0 }]);
  });
});
