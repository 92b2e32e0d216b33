import { readFile } from 'node:fs/promises';
import mysql from 'mysql2/promise';

/**
 * Runs a generated operational.sql (`<dataset>/mysql/operational.sql`) on the
 * operational database: what the business's own applications did to MariaDB,
 * done here so change data capture has something to capture. The script drops
 * and creates its tables, so a second load replaces the first.
 */
export async function loadOperationalDump(mysqlUrl: string, dump: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: mysqlUrl, multipleStatements: true });
  try {
    await connection.query(await readFile(dump, 'utf8'));
  } finally {
    await connection.end();
  }
}
