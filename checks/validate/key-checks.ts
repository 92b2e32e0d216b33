import pg from 'pg';
import { GOLD_TABLE_NAMES, layerContracts } from '../../schemas/layer-contracts.ts';
import { keyLabel, primaryKeyColumns, qualified } from './sql-names.ts';
import type { CheckResult } from './validation-result.ts';

const { escapeIdentifier: id } = pg;

/** Every gold and silver table has a primary key, and no key value twice (the guard when a sink created tables itself). */
export async function primaryKeyChecks(client: pg.ClientBase, samples: number): Promise<CheckResult[]> {
  const tables = [...GOLD_TABLE_NAMES.map((t) => ['gold', t] as const), ...layerContracts('silver').map((c) => ['silver', c.name] as const)];
  const results: CheckResult[] = [];
  for (const [schema, table] of tables) {
    const subject = `${schema}.${table}`;
    const keys = await primaryKeyColumns(client, schema, table);
    if (keys.length === 0) {
      results.push({ check: 'primary-key', subject, status: 'fail', detail: 'no primary key: upserts by key cannot be trusted', atFault: [] });
      continue;
    }
    const cols = keys.map(id).join(', ');
    const { rows } = await client.query<{ label: string; n: string }>(
      `SELECT ${keyLabel(keys, 't')} AS label, count(*)::text AS n FROM ${qualified(schema, table)} t GROUP BY ${cols} HAVING count(*) > 1 ORDER BY 2 DESC LIMIT ${samples}`,
    );
    results.push(
      rows.length === 0
        ? { check: 'primary-key', subject, status: 'pass', detail: `(${keys.join(', ')}) unique`, atFault: [] }
        : { check: 'primary-key', subject, status: 'fail', detail: `key (${keys.join(', ')}) repeated`, atFault: rows.map((r) => `${r.label} (${r.n} rows)`) },
    );
  }
  return results;
}

/** The dimension each fact key points to; employee_id is null online, so only non-null ones must be found. */
const FACT_DIMENSIONS = [
  { column: 'product_id', dimension: 'dim_product' },
  { column: 'customer_id', dimension: 'dim_customer' },
  { column: 'employee_id', dimension: 'dim_employee' },
] as const;

/** Every fact's product, customer and employee is in its dimension. */
export async function dimensionKeyChecks(client: pg.ClientBase, samples: number): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const { column, dimension } of FACT_DIMENSIONS) {
    const c = id(column);
    const { rows } = await client.query<{ missing: string; keys: string[] | null; sales: string[] | null }>(`
      WITH orphans AS (
        SELECT f.sale_id, f.${c} AS key FROM gold.fact_sales f
        WHERE f.${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gold.${id(dimension)} d WHERE d.${c} = f.${c}))
      SELECT (SELECT count(*) FROM orphans)::text AS missing,
             (SELECT array_agg(k) FROM (SELECT DISTINCT key::text AS k FROM orphans ORDER BY 1 LIMIT ${samples}) s) AS keys,
             (SELECT array_agg(sale_id) FROM (SELECT sale_id FROM orphans ORDER BY sale_id LIMIT ${samples}) s) AS sales`);
    const row = rows[0]!;
    const subject = `gold.fact_sales.${column}`;
    results.push(
      row.missing === '0'
        ? { check: 'dimension-keys', subject, status: 'pass', detail: `every ${column} is in gold.${dimension}`, atFault: [] }
        : {
            check: 'dimension-keys',
            subject,
            status: 'fail',
            detail: `${row.missing} sale line(s) have a ${column} not in gold.${dimension} (${(row.keys ?? []).join(', ')}${Number(row.missing) > samples ? ', …' : ''})`,
            atFault: (row.sales ?? []).map((s) => `sale_id=${s}`),
          },
    );
  }
  return results;
}
