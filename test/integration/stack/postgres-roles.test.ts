import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../../config/stack-endpoints.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

const endpoint = stackEndpoints().postgres;
const suffix = randomBytes(4).toString('hex');
const goldTable = `gold.roles_test_${suffix}`;
const otherSchema = `roles_test_${suffix}`;
const PERMISSION_DENIED = { code: '42501' };

async function login(credentials: Credentials, database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: endpoint.host, port: endpoint.port, database, user: credentials.user, password: credentials.password });
  await client.connect();
  return client;
}

// A database set up as `medallion stack up` sets up `warehouse` (stack/services/postgres-warehouse.ts), before any migration.
describe('warehouse roles', () => {
  let warehouse: ScratchWarehouse;
  let owner: pg.Client;
  let writer: pg.Client;
  let bi: pg.Client;

  beforeAll(async () => {
    warehouse = await scratchWarehouse();
    [owner, writer, bi] = await Promise.all([warehouse.connect('owner'), warehouse.connect('writer'), warehouse.connect('bi')]);
  });

  afterAll(() => warehouse.drop());

  it('lets the owner create a table in gold, and the writer write and read it', async () => {
    await owner.query(`CREATE TABLE ${goldTable} (id int PRIMARY KEY, revenue numeric(12, 2) NOT NULL)`);
    await writer.query(`INSERT INTO ${goldTable} VALUES (1, 10.50), (2, 20.25)`);
    await writer.query(`UPDATE ${goldTable} SET revenue = 30.75 WHERE id = 2`);
    const { rows } = await writer.query(`SELECT id, revenue FROM ${goldTable} ORDER BY id`);
    expect(rows).toEqual([{ id: 1, revenue: '10.50' }, { id: 2, revenue: '30.75' }]);
  });

  it.each([
    ['DROP TABLE', `DROP TABLE ${goldTable}`],
    ['ALTER TABLE', `ALTER TABLE ${goldTable} ADD COLUMN note text`],
    ['CREATE TABLE in gold', `CREATE TABLE gold.writer_${suffix} (id int)`],
  ])('refuses the writer %s in gold', async (_what, sql) => {
    await expect(writer.query(sql)).rejects.toMatchObject(PERMISSION_DENIED);
  });

  it('lets the BI role read a gold table created after its grants', async () => {
    const { rows } = await bi.query(`SELECT id, revenue FROM ${goldTable} ORDER BY id`);
    expect(rows).toEqual([{ id: 1, revenue: '10.50' }, { id: 2, revenue: '30.75' }]);
  });

  it.each([
    ['INSERT', `INSERT INTO ${goldTable} VALUES (3, 1.00)`],
    ['UPDATE', `UPDATE ${goldTable} SET revenue = 0`],
    ['DELETE', `DELETE FROM ${goldTable}`],
    ['TRUNCATE', `TRUNCATE ${goldTable}`],
    ['CREATE TABLE in gold', `CREATE TABLE gold.bi_${suffix} (id int)`],
    ['CREATE TABLE in public', `CREATE TABLE public.bi_${suffix} (id int)`],
    ['CREATE SCHEMA', `CREATE SCHEMA bi_${suffix}`],
    ['CREATE TEMP TABLE', `CREATE TEMP TABLE bi_${suffix} (id int)`],
  ])('refuses the BI role %s', async (_what, sql) => {
    await expect(bi.query(sql)).rejects.toMatchObject(PERMISSION_DENIED);
  });

  it('keeps the BI role out of schemas other than gold', async () => {
    await owner.query(`CREATE SCHEMA ${otherSchema}`);
    await owner.query(`CREATE TABLE ${otherSchema}.secret (id int)`);
    await owner.query(`INSERT INTO ${otherSchema}.secret VALUES (1)`);
    await expect(bi.query(`SELECT * FROM ${otherSchema}.secret`)).rejects.toMatchObject(PERMISSION_DENIED);
  });

  it('lets the BI role connect to the warehouse only', async () => {
    await expect(login(endpoint.bi, 'postgres')).rejects.toMatchObject(PERMISSION_DENIED);
  });

  it('leaves the rows untouched after the refused writes', async () => {
    const { rows } = await writer.query(`SELECT count(*)::int AS n FROM ${goldTable}`);
    expect(rows).toEqual([{ n: 2 }]);
  });
});
