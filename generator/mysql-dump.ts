import { join } from 'node:path';
import { ChunkedWriter } from './chunked-writer.ts';
import type { EntityLedger } from './entity-ledger.ts';
import { TIDY_STYLE } from './file-styles.ts';
import type { Rng } from './prng.ts';
import { fileColumns, RowRenderer } from './row-renderer.ts';
import { SOURCE_CONTRACTS, type SourceRecord } from './source-contracts.ts';

export const MYSQL_DUMP_PATH = 'mysql/operational.sql';
const BATCH = 500;

const TABLES = {
  categories: ['CategoryID INT NOT NULL', 'CategoryName VARCHAR(100) NOT NULL', 'PRIMARY KEY (CategoryID)'],
  cities: ['CityID INT NOT NULL', 'CityName VARCHAR(100) NOT NULL', 'Zipcode VARCHAR(10) NULL', 'CountryID INT NOT NULL', 'PRIMARY KEY (CityID)'],
} as const;
type MysqlEntity = keyof typeof TABLES;

const sqlString = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/**
 * The operational database as one MariaDB script: the tables with their primary keys,
 * then INSERTs only, so its final state is also every change a CDC reader sees.
 * Untidy output writes some names in odd case or with edge spaces (silver cleans them).
 */
export function writeMysqlDump(out: string, tables: Record<MysqlEntity, readonly SourceRecord[]>, rng: Rng | null, ledgers: Record<MysqlEntity, EntityLedger>): number {
  const file = new ChunkedWriter(join(out, MYSQL_DUMP_PATH));
  file.write('-- The operational database (MariaDB/MySQL): categories and cities. Written by `medallion generate`; see generator/README.md.\n');
  file.write('SET NAMES utf8mb4;\n');
  for (const entity of Object.keys(TABLES) as MysqlEntity[]) {
    const contract = SOURCE_CONTRACTS[entity];
    const renderer = new RowRenderer(fileColumns(contract, TIDY_STYLE), TIDY_STYLE, rng);
    file.write(`\nDROP TABLE IF EXISTS ${entity};\nCREATE TABLE ${entity} (\n  ${TABLES[entity].join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n`);
    const records = tables[entity];
    for (let start = 0; start < records.length; start += BATCH) {
      const rows = records.slice(start, start + BATCH).map((record) => {
        ledgers[entity].good(record);
        const values = contract.fields.map((field, i) => {
          const value = record[i] ?? null;
          if (value === null) return 'NULL';
          return field.kind === 'int' ? String(value) : sqlString(renderer.value(field, value));
        });
        return `(${values.join(',')})`;
      });
      file.write(`INSERT INTO ${entity} (${contract.fields.map((f) => f.name).join(', ')}) VALUES\n${rows.join(',\n')};\n`);
    }
  }
  return file.close();
}
