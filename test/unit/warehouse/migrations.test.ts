import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GOLD_TABLE_NAMES } from '../../../schemas/layer-contracts.ts';
import { readMigrations } from '../../../warehouse/migrate.ts';

const dirs: string[] = [];
function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'medallion-migrations-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the warehouse migrations', () => {
  it('are numbered without gaps from 0001, in order', () => {
    const names = readMigrations().map((m) => m.name);
    expect(names.map((n) => n.slice(0, 4))).toEqual(names.map((_, i) => String(i + 1).padStart(4, '0')));
  });

  it('create every gold table of the contract, with a gold_changed trigger and a comment on each', () => {
    const sql = readMigrations().map((m) => m.sql).join('\n');
    for (const table of GOLD_TABLE_NAMES) {
      expect(sql).toContain(`CREATE TABLE gold.${table} (`);
      expect(sql).toContain(`COMMENT ON TABLE gold.${table} IS`);
      expect(sql).toContain(`'${table}'`);
    }
  });

  it('carry a checksum of their text', () => {
    const [a] = readMigrations(migrationsDir({ '0001_a.sql': 'SELECT 1;' }));
    const [b] = readMigrations(migrationsDir({ '0001_a.sql': 'SELECT 2;' }));
    expect(a!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(a!.checksum).not.toBe(b!.checksum);
  });

  it('refuse a file not named NNNN_words.sql, naming it', () => {
    expect(() => readMigrations(migrationsDir({ '0001_a.sql': '', 'add-index.sql': '' }))).toThrow(/add-index\.sql is not named NNNN_words\.sql/);
  });

  it('refuse two files with one number', () => {
    expect(() => readMigrations(migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/two migration files are numbered 0001/);
  });
});
