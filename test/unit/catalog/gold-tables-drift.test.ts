import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLD_TABLE_NAMES, GOLD_TABLES, goldKeyColumns, type KeyCodec } from '../../../catalog/gold-tables.ts';
import { layerContract } from '../../../schemas/layer-contracts.ts';
import { readMigrations } from '../../../warehouse/migrate.ts';
import { pythonDictKeys, sqlList, sqlTables } from './file-lists.ts';

/**
 * The catalog's drift check for gold tables: every SQL and Python file that
 * names the gold tables (or their keys) by hand says what catalog/gold-tables.ts
 * says, in full. On failure: bring the file named in the message in line with the catalog.
 */
const read = (file: string): string => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const migrations = readMigrations();
const catalogKeys = Object.fromEntries(GOLD_TABLE_NAMES.map((table) => [table, goldKeyColumns(table)]));

/** The codec a key field's Avro type gives. */
function codecOf(type: unknown): KeyCodec | undefined {
  if (type === 'string') return 'text';
  if (type === 'int') return 'int';
  if (typeof type === 'object' && type !== null && (type as { logicalType?: string }).logicalType === 'date') return 'date';
  return undefined;
}

describe('the gold tables of the catalog', () => {
  it.each(GOLD_TABLE_NAMES)('%s: its key, codecs and clock are its contract’s (schemas/gold/<table>.avsc)', (table) => {
    const contract = layerContract('gold', table);
    const fields = new Map(contract.schema.fields.map((f) => [f.name, f]));
    expect(contract.keyFields).toEqual(goldKeyColumns(table));
    expect(GOLD_TABLES[table].key.map(([column]) => codecOf(fields.get(column)?.type))).toEqual(GOLD_TABLES[table].key.map(([, codec]) => codec));
    const { clock } = GOLD_TABLES[table];
    if (clock !== null) expect(fields.has(clock), `${table}'s clock ${clock}`).toBe(true);
  });

  it('are the tables the migrations create in schema gold, each with the catalog’s primary key', () => {
    expect(sqlTables(migrations.map((m) => m.sql).join('\n'), 'gold')).toEqual(catalogKeys);
  });

  // 0005_gold_changed_notify.sql creates it on its list of tables; a later table's migration creates its own (migrations never change).
  it('are the tables the gold_changed trigger is created on, each once (0005_gold_changed_notify.sql and later migrations)', () => {
    const triggered = migrations.flatMap((m) => [
      ...(m.sql.includes('meta.notify_gold_changed()') ? sqlList(m.sql, /FOREACH t IN ARRAY ARRAY\[([^\]]*)\]/) : []),
      ...[...m.sql.matchAll(/ON gold\.(\w+) FOR EACH STATEMENT EXECUTE FUNCTION meta\.notify_gold_changed\(\)/g)].map(([, table]) => table!),
    ]);
    expect(triggered).toEqual(GOLD_TABLE_NAMES);
  });

  it('are the tables warehouse/reference/gold.sql computes, each with the catalog’s primary key', () => {
    expect(sqlTables(read('warehouse/reference/gold.sql'), 'reference')).toEqual(catalogKeys);
  });

  it('are the tables the Spark audit recomputes and the Airflow checks check (Python)', () => {
    const audit = read('audit/spark/medallion_audit/gold.py');
    expect(pythonDictKeys(audit, 'GOLD_KEYS: dict[str, tuple[str, ...]] = {'), 'audit/spark/medallion_audit/gold.py GOLD_KEYS').toEqual(GOLD_TABLE_NAMES);
    expect(pythonDictKeys(audit, '    return {'), 'audit/spark/medallion_audit/gold.py gold_tables()').toEqual(GOLD_TABLE_NAMES);
    const checks = read('orchestration/airflow/dags/medallion_lib/gold_checks.py');
    expect(pythonDictKeys(checks, 'GOLD_TABLES: dict[str, GoldTableChecks] = {'), 'orchestration/airflow/dags/medallion_lib/gold_checks.py GOLD_TABLES').toEqual(GOLD_TABLE_NAMES);
  });
});
