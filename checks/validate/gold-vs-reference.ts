import pg from 'pg';
import { GOLD_TABLE_NAMES } from '../../schemas/layer-contracts.ts';
import { runReferenceGold } from './reference-gold.ts';
import { keyLabel, primaryKeyColumns, qualified, tableColumns } from './sql-names.ts';
import type { CheckResult } from './validation-result.ts';

const { escapeIdentifier: id } = pg;

/**
 * Gold equals warehouse/reference/gold.sql run over the warehouse's own silver
 * tables: the reference goes into a scratch schema (dropped afterwards) and each
 * gold table is compared with it both ways (EXCEPT ALL, so a repeated row counts).
 * A row at fault is named by its key, with the warehouse's and the reference's
 * version of it.
 */
export async function goldVsReferenceChecks(client: pg.ClientBase, samples: number): Promise<CheckResult[]> {
  const reference = await runReferenceGold(client, 'silver');
  try {
    const results: CheckResult[] = [];
    for (const table of GOLD_TABLE_NAMES) {
      const gold = qualified('gold', table);
      const ref = qualified(reference.schema, table);
      const columns = (await tableColumns(client, reference.schema, table)).map(id).join(', ');
      const keys = await primaryKeyColumns(client, reference.schema, table);
      const { rows } = await client.query<{ missing: string; extra: string; rows: number }>(`
        WITH missing AS (SELECT ${columns} FROM ${ref} EXCEPT ALL SELECT ${columns} FROM ${gold}),
             extra AS (SELECT ${columns} FROM ${gold} EXCEPT ALL SELECT ${columns} FROM ${ref})
        SELECT (SELECT count(*) FROM missing)::text AS missing, (SELECT count(*) FROM extra)::text AS extra, (SELECT count(*)::int FROM ${ref}) AS rows`);
      const { missing, extra, rows: expected } = rows[0]!;
      const subject = `gold.${table}`;
      if (missing === '0' && extra === '0') {
        results.push({ check: 'reference-gold', subject, status: 'pass', detail: `equals the reference (${expected.toLocaleString('en-US')} rows)`, atFault: [] });
        continue;
      }
      results.push({
        check: 'reference-gold',
        subject,
        status: 'fail',
        detail: `${missing} reference row(s) missing or different, ${extra} warehouse row(s) not in the reference`,
        atFault: await differingRows(client, gold, ref, columns, keys, samples),
      });
    }
    return results;
  } finally {
    await reference.drop();
  }
}

/** Up to `samples` keys whose rows differ between a table and its reference, each with both versions as JSON ('-' where a side has none). */
export async function differingRows(client: pg.ClientBase, gold: string, ref: string, columns: string, keys: readonly string[], samples: number): Promise<string[]> {
  const sameKey = (alias: string): string => keys.map((k) => `${alias}.${id(k)} = a.${id(k)}`).join(' AND ');
  const { rows } = await client.query<{ label: string; warehouse: string | null; reference: string | null }>(`
    WITH diff AS ((SELECT ${columns} FROM ${ref} EXCEPT ALL SELECT ${columns} FROM ${gold})
                  UNION ALL (SELECT ${columns} FROM ${gold} EXCEPT ALL SELECT ${columns} FROM ${ref})),
         at_fault AS (SELECT DISTINCT ${keys.map(id).join(', ')} FROM diff ORDER BY 1 LIMIT ${samples})
    SELECT ${keyLabel(keys, 'a')} AS label,
           (SELECT row_to_json(g)::text FROM ${gold} g WHERE ${sameKey('g')} LIMIT 1) AS warehouse,
           (SELECT row_to_json(r)::text FROM ${ref} r WHERE ${sameKey('r')} LIMIT 1) AS reference
    FROM at_fault a`);
  return rows.map((r) => `${r.label}: warehouse ${r.warehouse ?? '-'} | reference ${r.reference ?? '-'}`);
}
