import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyField } from './pg-text.ts';
import { changeRow, type TableChange } from './sink-records.ts';
import type { SinkTable } from './sink-tables.ts';
import { brokenConstraint, classify, isUniqueViolation } from './sql-state.ts';

const { escapeIdentifier: id } = pg;

/** What one batch did to a table. `unchanged`: upserts equal to the row already there. */
export interface TableCounts {
  upserted: number;
  deleted: number;
  unchanged: number;
  refused: number;
}

/** A change the table refused, with the constraint it broke. */
export interface RefusedChange {
  readonly change: TableChange;
  readonly constraint: string;
  readonly column: string | null;
  readonly value: string | null;
  readonly message: string;
}

/**
 * Writes a batch of changes (one per key) into one table, inside the caller's
 * transaction: COPY into a session-local staging table, then one DELETE for the
 * tombstones and one INSERT … ON CONFLICT DO UPDATE for the rest that rewrites a
 * row only when a value differs (IS DISTINCT FROM), so a redelivered record
 * changes nothing. When none of the batch's keys is in the table yet (a first
 * load, new sale lines) the rows are COPYed into the table directly, which is
 * about twice as fast. If a row breaks a constraint the batch is rolled back to
 * a savepoint and written row by row, each in its own savepoint, so only the
 * bad rows are refused.
 *
 * Whether a batch's keys are all new is learnt by trying while the table's last
 * batch was all new (a key already there fails the COPY with a unique violation,
 * rolled back to a savepoint, and the batch is staged), and by one primary-key
 * probe per key once a batch was not: so appends pay for no probe, and tables
 * whose rows are updated do not COPY twice each batch.
 */
export class TableWriter {
  private readonly stageName: string;
  private readonly stage: string;
  private readonly columns: readonly string[];
  private readonly upsertSql: string;
  private readonly deleteSql: string;
  private readonly upsertRowSql: string;
  private readonly deleteRowSql: string;
  private readonly anyExistsSql: string;
  /** Whether the table's last batch had a key that was in the table already. */
  private lastHadExisting = false;

  constructor(readonly table: SinkTable) {
    this.stageName = id(`stage_${table.layer}_${table.name}`);
    this.stage = `pg_temp.${this.stageName}`;
    const all = [...table.keys, ...table.values];
    this.columns = all.map((c) => id(c.name));
    const list = this.columns.join(', ');
    const keys = table.keys.map((c) => id(c.name));
    const values = table.values.map((c) => id(c.name));
    const conflict =
      values.length === 0
        ? `ON CONFLICT (${keys.join(', ')}) DO NOTHING`
        : `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${values.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} ` +
          `WHERE ROW(${values.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM ROW(${values.map((c) => `EXCLUDED.${c}`).join(', ')})`;
    this.upsertSql = `INSERT INTO ${table.qualified} AS t (${list}) SELECT ${list} FROM ${this.stage} WHERE NOT _deleted ${conflict}`;
    this.deleteSql = `DELETE FROM ${table.qualified} t USING ${this.stage} s WHERE s._deleted AND ${keys.map((k) => `t.${k} = s.${k}`).join(' AND ')}`;
    const param = (i: number): string => `$${i + 1}::${all[i]!.type}`;
    this.upsertRowSql = `INSERT INTO ${table.qualified} AS t (${list}) VALUES (${all.map((_, i) => param(i)).join(', ')}) ${conflict}`;
    this.deleteRowSql = `DELETE FROM ${table.qualified} WHERE ${keys.map((k, i) => `${k} = ${param(i)}`).join(' AND ')}`;
    const keyArrays = table.keys.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    // One primary-key probe per key (LATERAL … LIMIT 1): a join would let the planner scan the whole table.
    this.anyExistsSql =
      `SELECT EXISTS (SELECT 1 FROM unnest(${keyArrays}) AS k(${keys.join(', ')}) ` +
      `CROSS JOIN LATERAL (SELECT 1 FROM ${table.qualified} t WHERE ${keys.map((k) => `t.${k} = k.${k}`).join(' AND ')} LIMIT 1) hit) AS found`;
  }

  /** Creates the session's staging table, emptied by every commit or rollback (a table is staged once per transaction). */
  async prepare(client: pg.ClientBase): Promise<void> {
    const columns = [...this.table.keys, ...this.table.values].map((c) => `${id(c.name)} ${c.type}`);
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${this.stageName} (${columns.join(', ')}, _deleted boolean NOT NULL) ON COMMIT DELETE ROWS`);
  }

  async write(client: pg.ClientBase, changes: readonly TableChange[]): Promise<{ counts: TableCounts; refused: RefusedChange[] }> {
    await client.query('SAVEPOINT sink_table');
    try {
      const counts = await this.writeAll(client, changes);
      await client.query('RELEASE SAVEPOINT sink_table');
      return { counts, refused: [] };
    } catch (error) {
      if (classify(error) !== 'bad-record') throw error;
      await client.query('ROLLBACK TO SAVEPOINT sink_table');
      return this.writeEach(client, changes);
    }
  }

  private async writeAll(client: pg.ClientBase, changes: readonly TableChange[]): Promise<TableCounts> {
    const upserts = changes.filter((c) => c.line !== null);
    const deletes = changes.length - upserts.length;
    // The first statement since write()'s savepoint, so going back to that undoes a COPY of new keys that met an existing one.
    let upserted = upserts.length === 0 ? 0 : await this.insertNew(client, upserts);
    const staged = upserted === 0 ? changes : changes.filter((c) => c.line === null);
    if (staged.length > 0) await this.copy(client, this.stage, staged, true);
    const deleted = deletes === 0 ? 0 : ((await client.query(this.deleteSql)).rowCount ?? 0);
    if (staged.length > deletes) upserted = (await client.query(this.upsertSql)).rowCount ?? 0;
    return { upserted, deleted, unchanged: upserts.length - upserted, refused: 0 };
  }

  /** COPYs the upserts into the table directly if none of their keys has a row yet; returns the rows copied, 0 when some key has one. */
  private async insertNew(client: pg.ClientBase, upserts: readonly TableChange[]): Promise<number> {
    if (this.lastHadExisting) {
      this.lastHadExisting = await this.anyExists(client, upserts);
      return this.lastHadExisting ? 0 : this.copy(client, this.table.qualified, upserts, false);
    }
    try {
      return await this.copy(client, this.table.qualified, upserts, false);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT sink_table');
      this.lastHadExisting = true;
      return 0;
    }
  }

  /** Whether any of these changes' keys has a row already. */
  private async anyExists(client: pg.ClientBase, changes: readonly TableChange[]): Promise<boolean> {
    const columns = this.table.keys.map((_, i) => changes.map((c) => c.key[i]));
    return (await client.query<{ found: boolean }>(this.anyExistsSql, columns)).rows[0]?.found === true;
  }

  /** COPYs changes into a table, the staging table with their _deleted flag. Returns the rows copied. */
  private async copy(client: pg.ClientBase, target: string, changes: readonly TableChange[], staging: boolean): Promise<number> {
    const lines = staging ? changes.map((c) => (c.line === null ? this.tombstoneLine(c) : `${c.line}\tf`)) : changes.map((c) => c.line!);
    const copy = client.query(copyFrom(`COPY ${target} (${this.columns.join(', ')}${staging ? ', _deleted' : ''}) FROM STDIN`));
    await pipeline(Readable.from([`${lines.join('\n')}\n`]), copy);
    return Number(copy.rowCount);
  }

  /** A tombstone's staging line: its key, nulls for the values, deleted. */
  private tombstoneLine(change: TableChange): string {
    return [...change.key.map(copyField), ...Array<string>(this.columns.length - change.key.length).fill('\\N'), 't'].join('\t');
  }

  private async writeEach(client: pg.ClientBase, changes: readonly TableChange[]): Promise<{ counts: TableCounts; refused: RefusedChange[] }> {
    const counts: TableCounts = { upserted: 0, deleted: 0, unchanged: 0, refused: 0 };
    const refused: RefusedChange[] = [];
    for (const change of changes) {
      const row = changeRow(change);
      await client.query('SAVEPOINT sink_row');
      try {
        if (row === null) {
          counts.deleted += (await client.query(this.deleteRowSql, [...change.key])).rowCount ?? 0;
        } else {
          const written = (await client.query(this.upsertRowSql, row)).rowCount ?? 0;
          counts.upserted += written;
          counts.unchanged += 1 - written;
        }
        await client.query('RELEASE SAVEPOINT sink_row');
      } catch (error) {
        if (classify(error) !== 'bad-record') throw error;
        await client.query('ROLLBACK TO SAVEPOINT sink_row');
        const { constraint, column } = brokenConstraint(error, this.table.name);
        const at = column === null ? -1 : [...this.table.keys, ...this.table.values].findIndex((c) => c.name === column);
        refused.push({ change, constraint, column, value: at < 0 ? null : (row?.[at] ?? null), message: (error as Error).message });
        counts.refused += 1;
      }
    }
    return { counts, refused };
  }
}
