import { randomBytes } from 'node:crypto';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../../config/stack-endpoints.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';

const endpoint = stackEndpoints().mariadb;
const table = `binlog_test_${randomBytes(4).toString('hex')}`;

function login(credentials: Credentials): Promise<mysql.Connection> {
  return mysql.createConnection({ host: endpoint.host, port: endpoint.port, database: endpoint.database, user: credentials.user, password: credentials.password });
}

interface BinlogPosition {
  readonly file: string;
  readonly position: number;
}

async function binlogPosition(connection: mysql.Connection): Promise<BinlogPosition> {
  const [rows] = await connection.query<RowDataPacket[]>('SHOW MASTER STATUS');
  const row = rows[0];
  if (row === undefined) throw new Error('SHOW MASTER STATUS returned no row: the binlog is off');
  return { file: String(row.File), position: Number(row.Position) };
}

describe('MariaDB binlog for Debezium', () => {
  let root: mysql.Connection;

  beforeAll(async () => {
    root = await login(endpoint.root);
  });

  afterAll(async () => {
    await root.query(`DROP TABLE IF EXISTS ${mysql.escapeId(table)}`);
    await root.end();
  });

  it('logs row events with full row images under a server id', async () => {
    const [rows] = await root.query<RowDataPacket[]>(
      'SELECT @@binlog_format AS format, @@binlog_row_image AS image, @@server_id AS serverId, @@log_bin AS logBin',
    );
    expect(rows[0]).toMatchObject({ format: 'ROW', image: 'FULL', logBin: 1 });
    expect(Number(rows[0]?.serverId)).toBeGreaterThan(0);
  });

  it('writes an insert into the operational database to the binlog as row events', async () => {
    const before = await binlogPosition(root);
    await root.query(`CREATE TABLE ${mysql.escapeId(table)} (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)`);
    await root.query(`INSERT INTO ${mysql.escapeId(table)} VALUES (1, 'Bakery')`);
    const after = await binlogPosition(root);
    expect(after.file > before.file || after.position > before.position).toBe(true);

    const [events] = await root.query<RowDataPacket[]>(`SHOW BINLOG EVENTS IN ${mysql.escape(before.file)} FROM ${before.position}`);
    const tableMap = events.find((e) => e.Event_type === 'Table_map' && String(e.Info).includes(`(${endpoint.database}.${table})`));
    expect(tableMap).toBeDefined();
    const rowsWritten = events.filter((e) => String(e.Event_type).startsWith('Write_rows') && Number(e.Pos) > Number(tableMap?.Pos));
    expect(rowsWritten).toHaveLength(1);
  });

  it("gives Debezium's user the grants its connector needs", async () => {
    const cdc = await login(endpoint.cdc);
    try {
      const [rows] = await cdc.query<RowDataPacket[]>('SHOW GRANTS');
      const grants = rows.map((row) => String(Object.values(row)[0])).join('\n');
      for (const privilege of ['SELECT', 'RELOAD', 'SHOW DATABASES', 'REPLICATION SLAVE']) expect(grants).toContain(privilege);
      // REPLICATION CLIENT is shown under its MariaDB 10.5+ name.
      expect(grants).toMatch(/BINLOG MONITOR|REPLICATION CLIENT/);
      await expect(binlogPosition(cdc)).resolves.toMatchObject({ file: expect.stringMatching(/^mariadb-bin\.\d+$/) });
    } finally {
      await cdc.end();
    }
  });
});
