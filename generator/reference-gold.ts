import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type Results } from '@electric-sql/pglite';
import { GOLD_TABLE_NAMES, GOLD_TABLES, type GoldTableName } from '../catalog/gold-tables.ts';
import { cleanPath } from './clean-file-writer.ts';
import { CLEAN_ENTITIES, cleanKeysDdl, cleanTablesDdl } from './clean-tables.ts';
import { ChunkedWriter } from './chunked-writer.ts';
import { csvChunks } from './csv-chunks.ts';

/** The sort order of expected/gold/<table>.csv: its key, text in byte order (so any server agrees). */
function keyOrder(table: GoldTableName): string {
  return GOLD_TABLES[table].key.map(([column, codec]) => (codec === 'text' ? `${column} COLLATE "C"` : column)).join(', ');
}

export const GOLD_SQL = fileURLToPath(new URL('../warehouse/reference/gold.sql', import.meta.url));

export const goldPath = (table: GoldTableName): string => `expected/gold/${table}.csv`;

export interface GoldFileReport {
  readonly table: GoldTableName;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

/** Rows per COPY … TO: bounds the memory a large fact table needs on its way out. */
const PAGE_ROWS = 1_500_000;

const sqlLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Computes expected/gold from expected/clean alone, in an in-process PostgreSQL
 * (PGlite): loads the clean tables with COPY, runs warehouse/reference/gold.sql and
 * copies each table out as CSV sorted by its key (text keys in byte order, COLLATE "C").
 * The database lives in a temporary directory: PGlite's in-memory file system slows
 * down as a table grows, real files do not.
 */
export async function writeReferenceGold(out: string, onTable: (report: GoldFileReport) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medallion-gold-'));
  const db = await PGlite.create({ dataDir });
  try {
    await db.exec(cleanTablesDdl());
    for (const entity of CLEAN_ENTITIES) {
      let header = true;
      for (const chunk of csvChunks(join(out, cleanPath(entity)))) {
        await db.query(`COPY clean.${entity} FROM '/dev/blob' WITH (FORMAT csv, HEADER ${header})`, [], { blob: new Blob([chunk]) });
        header = false;
      }
    }
    await db.exec(cleanKeysDdl());
    await db.exec(readFileSync(GOLD_SQL, 'utf8'));
    for (const table of GOLD_TABLE_NAMES) {
      const order = keyOrder(table);
      const file = new ChunkedWriter(join(out, goldPath(table)));
      let rows = 0;
      // fact_sales grows with --scale: it comes out in pages of PAGE_ROWS, by key (sale ids never need quoting).
      let after: string | null = null;
      for (;;) {
        const where: string = after === null ? '' : `WHERE sale_id COLLATE "C" > ${sqlLiteral(after)}`;
        const limit = table === 'fact_sales' ? `LIMIT ${PAGE_ROWS}` : '';
        const result: Results = await db.query(`COPY (SELECT * FROM reference.${table} ${where} ORDER BY ${order} ${limit}) TO '/dev/blob' WITH (FORMAT csv, HEADER ${rows === 0})`);
        const text: string = (await result.blob?.text()) ?? '';
        const count = result.affectedRows ?? 0;
        file.write(text);
        rows += count;
        if (limit === '' || count < PAGE_ROWS) break;
        const lastLine: string = text.slice(text.lastIndexOf('\n', text.length - 2) + 1);
        after = lastLine.slice(0, lastLine.indexOf(','));
      }
      onTable({ table, path: goldPath(table), rows, bytes: file.close() });
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
