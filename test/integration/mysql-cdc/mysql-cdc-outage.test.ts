import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { waitUntil } from '../../../stack/wait.ts';
import { connect, medallion, TestConnectorFolder } from '../connectors/connectors-kit.ts';
import { CdcPipeline, versionsOf, type BronzeEntry } from './cdc-pipeline.ts';
import { OperationalDatabase } from './operational-database.ts';
import { TcpProxy } from '../connectors/tcp-proxy.ts';

/*
 * The connector reaches MariaDB through a proxy the test cuts and restores, so
 * the database is gone for this connector only, not for the stack.
 */
describe('MariaDB unreachable, then back', () => {
  const database = new OperationalDatabase();
  const folder = new TestConnectorFolder('cdc-outage');
  const mariadb = stackEndpoints().mariadb;
  const proxy = new TcpProxy({ host: mariadb.host, port: mariadb.port });
  let env: NodeJS.ProcessEnv;
  let pipeline: CdcPipeline;

  beforeAll(async () => {
    await database.create();
    await database.query("INSERT INTO categories VALUES (1, 'Bakery')");
    await proxy.open();
    env = { MEDALLION_MYSQL_URL: database.url(proxy.port) };
    folder.write();
    const applied = await medallion(['connectors', 'apply', '--dir', folder.dir], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    pipeline = await CdcPipeline.start(database.name, folder.changeTopicPrefix);
    expect(await pipeline.until('categories', 60_000, (entries) => entries.length === 1)).toBe(true);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await folder.remove();
    await proxy.cut();
    await database.drop();
  });

  it('shows the cause in status while the connector retries', async () => {
    await proxy.cut();
    await database.query("INSERT INTO categories VALUES (2, 'Dairy')");
    const status = await medallion(['connectors', 'status', '--dir', folder.dir, folder.name], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(new RegExp(`${folder.name}\\s+source\\s+RUNNING\\s+0 RUNNING\\s+database 127\\.0\\.0\\.1:${proxy.port} does not answer \\(ECONNREFUSED\\)`));
  });

  it("shows the task's failure when it is restarted while the database is away", async () => {
    // What a worker restart during the outage does: the task cannot connect on start, and fails.
    await fetch(`${connect.url}/connectors/${folder.name}/restart?includeTasks=true`, { method: 'POST' });
    expect(await waitUntil(async () => (await connect.status(folder.name))?.tasks[0]?.state === 'FAILED', 60_000)).toBe(true);
    await database.query("INSERT INTO categories VALUES (3, 'Seafood')");
    const status = await medallion(['connectors', 'status', '--dir', folder.dir, folder.name], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(new RegExp(`${folder.name}\\s+source\\s+RUNNING\\s+0 FAILED\\s+ConnectException: Connection refused`));
  });

  it('resumes where it stopped once the database is back and the failed task restarted, losing nothing', async () => {
    await proxy.open();
    const restarted = await medallion(['connectors', 'restart', '--dir', folder.dir, folder.name], env);
    expect(restarted.code, restarted.stdout + restarted.stderr).toBe(0);
    expect(restarted.stdout).toContain(`✔ ${folder.name}: RUNNING with 1 task`);
    await database.query("UPDATE categories SET CategoryName = 'Bread' WHERE CategoryID = 1");

    const caughtUp = (entries: readonly BronzeEntry<'categories'>[]): boolean => versionsOf(entries, '1').at(-1)?.category_name === 'Bread' && ['2', '3'].every((key) => versionsOf(entries, key).length > 0);
    expect(await pipeline.until('categories', 60_000, caughtUp)).toBe(true);
    const entries = await pipeline.entries('categories');
    expect(versionsOf(entries, '2').map((r) => r?.category_name)).toContain('Dairy');
    expect(versionsOf(entries, '3').map((r) => r?.category_name)).toContain('Seafood');
    const status = await medallion(['connectors', 'status', '--dir', folder.dir, folder.name], env);
    expect(status.code, status.stdout).toBe(0);
  });
});
