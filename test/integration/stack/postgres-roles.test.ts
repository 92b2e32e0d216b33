import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../../stack/endpoints.ts';
import { stackEndpoints } from '../../../stack/endpoints.ts';

const endpoint = stackEndpoints().postgres;
const suffix = randomBytes(4).toString('hex');
const goldTable = `gold.roles_test_${suffix}`;
const otherSchema = `roles_test_${suffix}`;
const PERMISSION_DENIED = { code: '42501' };

async function login(credentials: Credentials, database = endpoint.database): Promise<pg.Client> {
  const client = new pg.Client({ host: endpoint.host, port: endpoint.port, database, user: credentials.user, password: credentials.password });
  await client.connect();
  return client;
}

describe('warehouse roles', () => {
  let writer: pg.Client;
  let bi: pg.Client;

  beforeAll(async () => {
    writer = await login(endpoint.writer);
    bi = await login(endpoint.bi);
  });

  afterAll(async () => {
    await writer.query(`DROP TABLE IF EXISTS ${goldTable}`);
    await writer.query(`DROP SCHEMA IF EXISTS ${otherSchema} CASCADE`);
    await Promise.all([writer.end(), bi.end()]);
  });

  it('lets the writer create, write and read a table in gold', async () => {
    await writer.query(`CREATE TABLE ${goldTable} (id int PRIMARY KEY, revenue numeric(12, 2) NOT NULL)`);
    await writer.query(`INSERT INTO ${goldTable} VALUES (1, 10.50), (2, 20.25)`);
    await writer.query(`UPDATE ${goldTable} SET revenue = 30.75 WHERE id = 2`);
    const { rows } = await writer.query(`SELECT id, revenue FROM ${goldTable} ORDER BY id`);
    expect(rows).toEqual([{ id: 1, revenue: '10.50' }, { id: 2, revenue: '30.75' }]);
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
    await writer.query(`CREATE SCHEMA ${otherSchema}`);
    await writer.query(`CREATE TABLE ${otherSchema}.secret (id int)`);
    await writer.query(`INSERT INTO ${otherSchema}.secret VALUES (1)`);
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
