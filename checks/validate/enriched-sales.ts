import type pg from 'pg';
import { ENRICHED_SALES_COLUMNS as COLUMNS, ENRICHED_SALES_SQL } from '../../warehouse/enriched-sales-sql.ts';
import { differingRows } from './gold-vs-reference.ts';
import type { CheckResult } from './validation-result.ts';

const TABLE = 'silver.sales_enriched';
const EXPECTED = 'pg_temp.expected_sales_enriched';

/**
 * silver.sales_enriched equals silver.sales joined with its dimensions (EXCEPT
 * ALL both ways; a differing sale is named with both versions), and no sale
 * still misses a dimension. An empty table beside sales is a warning: the
 * enrichment has not run here, or its sink is behind.
 */
export async function enrichedSalesCheck(client: pg.ClientBase, samples: number): Promise<CheckResult> {
  await client.query(`CREATE OR REPLACE TEMP VIEW expected_sales_enriched AS ${ENRICHED_SALES_SQL}`);
  try {
    const { rows } = await client.query<{ missing: string; extra: string; expected: number; actual: number; unenriched: number; sales: string[] | null }>(`
      WITH missing AS (SELECT ${COLUMNS} FROM ${EXPECTED} EXCEPT ALL SELECT ${COLUMNS} FROM ${TABLE}),
           extra AS (SELECT ${COLUMNS} FROM ${TABLE} EXCEPT ALL SELECT ${COLUMNS} FROM ${EXPECTED})
      SELECT (SELECT count(*) FROM missing)::text AS missing, (SELECT count(*) FROM extra)::text AS extra,
             (SELECT count(*)::int FROM ${EXPECTED}) AS expected, (SELECT count(*)::int FROM ${TABLE}) AS actual,
             (SELECT count(*)::int FROM ${TABLE} WHERE cardinality(missing) > 0) AS unenriched,
             (SELECT array_agg(label) FROM (SELECT sale_id || ' (' || array_to_string(missing, ', ') || ')' AS label FROM ${TABLE} WHERE cardinality(missing) > 0 ORDER BY sale_id COLLATE "C" LIMIT ${samples}) s) AS sales`);
    const { missing, extra, expected, actual, unenriched, sales } = rows[0]!;
    const check = 'enriched-sales' as const;
    if (actual === 0 && expected > 0) {
      return { check, subject: TABLE, status: 'warn', detail: `empty beside ${expected.toLocaleString('en-US')} sales: the sales enrichment has not run here, or its sink is behind`, atFault: [] };
    }
    if (missing !== '0' || extra !== '0') {
      return {
        check,
        subject: TABLE,
        status: 'fail',
        detail: `${missing} joined row(s) missing or different, ${extra} row(s) not in silver.sales joined with its dimensions`,
        atFault: await differingRows(client, TABLE, EXPECTED, COLUMNS, ['sale_id'], samples),
      };
    }
    if (unenriched > 0) {
      return { check, subject: TABLE, status: 'warn', detail: `${unenriched.toLocaleString('en-US')} sale(s) name a dimension silver does not hold`, atFault: sales ?? [] };
    }
    return { check, subject: TABLE, status: 'pass', detail: `equals silver.sales joined with its dimensions, every sale enriched (${actual.toLocaleString('en-US')} rows)`, atFault: [] };
  } finally {
    await client.query('DROP VIEW IF EXISTS pg_temp.expected_sales_enriched');
  }
}
