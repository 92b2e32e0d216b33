import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { WarehouseError } from './warehouse-error.ts';

/** warehouse/migrations/: NNNN_words.sql, applied in name order, never edited once applied. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
// One migrator at a time across processes: every migration transaction takes this lock first.
const LOCK_KEY = 'medallion.warehouse.migrations';

export interface Migration {
  /** The file name without .sql, e.g. 0001_gold_tables. */
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): readonly Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const match = NAME.exec(file);
    if (match === null) throw new WarehouseError('bad-migration-name', `migration file ${file} is not named NNNN_words.sql`, 'rename it with the next four-digit number and lower-case words, e.g. 0007_more_indexes.sql');
    const number = match[1]!;
    if (seen.has(number)) throw new WarehouseError('bad-migration-name', `two migration files are numbered ${number}`, `give ${file} the next free number`);
    seen.add(number);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    return { name: file.slice(0, -'.sql'.length), sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function appliedChecksums(client: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM meta.migrations');
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/**
 * Applies the migrations the warehouse has not recorded yet, each in its own
 * transaction with its row in meta.migrations (name, sha-256 of the file), so a
 * failed one leaves nothing behind and a second run applies nothing. Refuses to
 * go on when an applied file changed or the warehouse knows a migration this
 * checkout lacks. Concurrent runs wait for each other.
 */
export async function migrateWarehouse(client: pg.ClientBase, migrations: readonly Migration[] = readMigrations()): Promise<{ applied: string[] }> {
  await inTransaction(client, async () => {
    const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('meta.migrations') IS NOT NULL AS exists");
    if (rows[0]?.exists === true) return;
    await client.query('CREATE SCHEMA IF NOT EXISTS meta');
    await client.query(`CREATE TABLE meta.migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      applied_by text NOT NULL DEFAULT current_user)`);
    await client.query(`COMMENT ON TABLE meta.migrations IS 'The warehouse/migrations/*.sql files applied, with the sha-256 of each as applied.'`);
  });

  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...(await appliedChecksums(client)).keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new WarehouseError('migration-missing', `the warehouse has applied migration(s) ${unknown.join(', ')}, which warehouse/migrations/ does not have`, 'run the migrations of the newer checkout that applied them (migrations are never removed)');
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await inTransaction(client, async () => {
      const checksum = (await appliedChecksums(client)).get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new WarehouseError('migration-changed', `migration ${migration.name} changed after it was applied (sha-256 ${checksum.slice(0, 12)}… then, ${migration.checksum.slice(0, 12)}… now)`, 'restore the file as it was and put the change in a new migration with the next number');
        }
        return false;
      }
      try {
        await client.query(migration.sql);
      } catch (error) {
        throw new WarehouseError('migration-failed', `migration ${migration.name} failed, and nothing of it was applied: ${(error as Error).message}`, 'fix the cause (or the SQL) and run `medallion warehouse migrate` again', { cause: error });
      }
      await client.query('INSERT INTO meta.migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
      return true;
    });
    if (didApply) applied.push(migration.name);
  }
  return { applied };
}
