import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { aptInstall } from '../apt.ts';
import { awaitDaemon } from '../await-daemon.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import { logTail, spawnDaemon, stopDaemon } from '../process-supervisor.ts';
import { runLogged } from '../run-logged.ts';
import type { Health, Service, StackContext } from '../service.ts';
import { StackError } from '../stack-error.ts';
import { assertWritableBy, ownedDir, serverUser, type SystemUser } from '../system-user.ts';
import { which } from '../which.ts';
import { mariadbConfig, mariadbInitSql, mariadbPaths, type MariadbPaths } from './mariadb-config.ts';

const START_TIMEOUT_MS = 60_000;
// InnoDB flushes on a clean shutdown; give it time before the group is killed.
const SHUTDOWN_GRACE_MS = 30_000;
// The account Debian's package creates; mariadbd switches to it itself (--user).
const OS_USER = 'mysql';
// Written once mariadb-install-db has finished, so an interrupted init is redone from scratch.
const INIT_MARKER = 'medallion-init.done';
const INSTALL_FIX = 'apt-get install mariadb-server';

interface MariadbTools {
  readonly mariadbd: string;
  readonly installDb: string;
}

function findTools(): MariadbTools | undefined {
  const mariadbd = which('mariadbd');
  const installDb = which('mariadb-install-db');
  return mariadbd === undefined || installDb === undefined ? undefined : { mariadbd, installDb };
}

/** Debian's MariaDB server, installed with apt-get the first time when this process may. */
async function tools(ctx: StackContext): Promise<MariadbTools> {
  const found = findTools();
  if (found !== undefined) return found;
  await aptInstall(ctx, 'mariadb', ['mariadb-server']);
  const installed = findTools();
  if (installed === undefined) {
    throw new StackError('missing-tool', 'mariadb', 'mariadb-server was installed but mariadbd or mariadb-install-db is still not found', INSTALL_FIX);
  }
  return installed;
}

async function initDataDir(ctx: StackContext, installDb: string, paths: MariadbPaths, user: SystemUser | undefined): Promise<void> {
  rmSync(paths.dataDir, { recursive: true, force: true });
  ownedDir(paths.dataDir, user, 0o750);
  await assertWritableBy(ctx, 'mariadb', user, paths.dataDir);
  ctx.report({ kind: 'step', service: 'mariadb', message: 'creating the data directory, users and database (first run only)' });
  const secretDir = mkdtempSync(path.join(os.tmpdir(), 'medallion-mariadb-'));
  try {
    const sqlFile = path.join(secretDir, 'init.sql');
    writeFileSync(sqlFile, mariadbInitSql(stackEndpoints(ctx.ports, ctx.dirs.home).mariadb), { mode: 0o600 });
    const args = [`--defaults-file=${paths.config}`, ...(user === undefined ? [] : [`--user=${user.name}`]), '--skip-test-db', `--extra-file=${sqlFile}`];
    const exit = await runLogged(ctx, 'mariadb', { command: installDb, args });
    if (exit !== 0) {
      throw new StackError('start-failed', 'mariadb', `mariadb-install-db exited with ${exit}:\n${logTail(ctx, 'mariadb')}`, 'fix the cause above and run stack up again (the data directory is recreated)');
    }
    writeFileSync(path.join(paths.dataDir, INIT_MARKER), `${new Date().toISOString()}\n`);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

/** Whether mariadb-install-db has finished in this home (and so set its users' passwords). */
export function mariadbInitialised(ctx: Pick<StackContext, 'dirs'>): boolean {
  return existsSync(path.join(mariadbPaths(ctx).dataDir, INIT_MARKER));
}

async function mariadbHealth(ctx: StackContext): Promise<Health> {
  const endpoint = stackEndpoints(ctx.ports, ctx.dirs.home).mariadb;
  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql.createConnection({
      host: endpoint.host,
      port: endpoint.port,
      user: endpoint.root.user,
      password: endpoint.root.password,
      database: endpoint.database,
      connectTimeout: 3000,
    });
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version, @@binlog_format AS binlogFormat');
    const row = rows[0];
    return { healthy: true, detail: `MariaDB ${String(row?.version)}, database ${endpoint.database}, binlog ${String(row?.binlogFormat)}` };
  } catch (error) {
    return { healthy: false, detail: (error as Error).message };
  } finally {
    await connection?.end().catch(() => {});
  }
}

export const mariadb: Service = {
  name: 'mariadb',
  dependsOn: [],

  ports: (ctx) => [ctx.ports.mariadb],

  address(ctx) {
    const { host, port, database } = stackEndpoints(ctx.ports, ctx.dirs.home).mariadb;
    return `mysql://${host}:${port}/${database}`;
  },

  async prepare(ctx) {
    const { installDb } = await tools(ctx);
    const user = await serverUser(ctx, 'mariadb', OS_USER);
    const paths = mariadbPaths(ctx);
    // Rewritten every time so the port in force is the one the server listens on.
    writeFileSync(paths.config, mariadbConfig(ctx, paths, user?.name));
    ownedDir(paths.runDir, user, 0o755);
    if (!mariadbInitialised(ctx)) await initDataDir(ctx, installDb, paths, user);
  },

  async start(ctx) {
    const mariadbd = which('mariadbd');
    if (mariadbd === undefined) throw new StackError('missing-tool', 'mariadb', 'mariadbd is not installed', INSTALL_FIX);
    const paths = mariadbPaths(ctx);
    // Our own instance, in the foreground under the supervisor: never the system service.
    const pid = spawnDaemon(ctx, 'mariadb', { command: mariadbd, args: [`--defaults-file=${paths.config}`] });
    await awaitDaemon(ctx, 'mariadb', pid, async () => (await mariadbHealth(ctx)).healthy, {
      timeoutMs: START_TIMEOUT_MS,
      fix: `read .medallion/logs/mariadb.log; to start from an empty instance, stop the stack and delete ${paths.dataDir}`,
    });
  },

  health: mariadbHealth,

  stop: (ctx) => stopDaemon(ctx, 'mariadb', SHUTDOWN_GRACE_MS),
};
