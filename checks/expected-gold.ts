import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** How one warehouse gold table differs from the generator's expected gold. */
export interface GoldTableDifference {
  readonly table: string;
  readonly expected: number;
  readonly actual: number;
  /** Expected rows the warehouse lacks (or holds with other values). */
  readonly missing: number;
  /** Warehouse rows the expected gold lacks. */
  readonly unexpected: number;
  /** A few rows of each kind, as JSON, to name what is wrong. */
  readonly samples: readonly string[];
}

const SAMPLES = 3;
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Compares every <schema>.<table> of the warehouse (schema gold unless named) with expected/gold/<table>.csv
 * (PostgreSQL COPY text from `medallion generate`), row for row over the
 * columns the CSV has, both ways (EXCEPT ALL, so a duplicate row counts too).
 * The expected rows go into a temporary table of the gold table's own column
 * types, so values compare as numbers, dates and timestamps, not as text.
 */
export async function compareWithExpectedGold(client: pg.ClientBase, expectedGoldDir: string, schema = 'gold'): Promise<GoldTableDifference[]> {
  const files = readdirSync(expectedGoldDir).filter((f) => f.endsWith('.csv')).sort();
  const differences: GoldTableDifference[] = [];
  for (const file of files) {
    const table = path.basename(file, '.csv');
    const csv = path.join(expectedGoldDir, file);
    const header = readFileSync(csv, 'utf8').split('\n', 1)[0] ?? '';
    const columns = header.split(',').map(ident).join(', ');
    const gold = `${ident(schema)}.${ident(table)}`;
    const expected = ident(`expected_${table}`);
    await client.query(`CREATE TEMP TABLE ${expected} AS SELECT ${columns} FROM ${gold} WHERE false`);
    try {
      await pipeline(createReadStream(csv), client.query(copyFrom(`COPY ${expected} (${columns}) FROM STDIN (FORMAT csv, HEADER true)`)));
      const result = await client.query<{ expected: string; actual: string; missing: string; unexpected: string; samples: string[] | null }>(`
        WITH missing AS (SELECT ${columns} FROM ${expected} EXCEPT ALL SELECT ${columns} FROM ${gold}),
             unexpected AS (SELECT ${columns} FROM ${gold} EXCEPT ALL SELECT ${columns} FROM ${expected})
        SELECT (SELECT count(*) FROM ${expected}) AS expected,
               (SELECT count(*) FROM ${gold}) AS actual,
               (SELECT count(*) FROM missing) AS missing,
               (SELECT count(*) FROM unexpected) AS unexpected,
               (SELECT array_agg(s) FROM (
                  (SELECT 'missing ' || row_to_json(m)::text AS s FROM missing m LIMIT ${SAMPLES})
                  UNION ALL
                  (SELECT 'unexpected ' || row_to_json(u)::text FROM unexpected u LIMIT ${SAMPLES})) samples) AS samples`);
      const row = result.rows[0]!;
      differences.push({
        table,
        expected: Number(row.expected),
        actual: Number(row.actual),
        missing: Number(row.missing),
        unexpected: Number(row.unexpected),
        samples: row.samples ?? [],
      });
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${expected}`);
    }
  }
  return differences;
}

/** Whether one table holds exactly its expected rows. */
export function tableMatches(difference: GoldTableDifference): boolean {
  return difference.missing === 0 && difference.unexpected === 0;
}

export function goldMatches(differences: readonly GoldTableDifference[]): boolean {
  return differences.length > 0 && differences.every(tableMatches);
}
