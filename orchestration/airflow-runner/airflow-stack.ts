import { resolveConnections } from '../../config/connections.ts';
import { awaitDaemon } from '../../stack/await-daemon.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import { daemonPid, logFile, spawnDaemon, stopDaemon } from '../../stack/process-supervisor.ts';
import { ensurePythonEnv, pythonEnv, type PythonEnv } from '../../stack/python-venv.ts';
import { runLogged } from '../../stack/run-logged.ts';
import type { ServiceName, StackContext } from '../../stack/service.ts';
import { stackDown } from '../../stack/stack.ts';
import { StackError } from '../../stack/stack-error.ts';
import { portOpen } from '../../stack/wait.ts';
import { httpGet } from '../../stack/http-probe.ts';
import { awaitDags, airflowApi } from './airflow-api.ts';
import { AIRFLOW_USER, airflowSecrets } from './airflow-home.ts';
import { airflowEnvironment, airflowUrl } from './airflow-environment.ts';
import { ensureMetadataDatabase } from './airflow-metadata-db.ts';

/** The components `airflow standalone` would run, each a daemon of its own (log: .medallion/logs/airflow-<name>.log). */
export const AIRFLOW_COMPONENTS = ['api-server', 'scheduler', 'dag-processor', 'triggerer'] as const;
export type AirflowComponent = (typeof AIRFLOW_COMPONENTS)[number];

const daemon = (component: AirflowComponent): string => `airflow-${component}`;
const START_TIMEOUT_MS = 180_000;

export interface AirflowStatus {
  readonly url: string;
  readonly user: string;
  readonly password: string | undefined;
  readonly components: readonly { readonly component: AirflowComponent; readonly pid: number | undefined }[];
  /** The API server's health report, or why there is none. */
  readonly health: { readonly healthy: boolean; readonly detail: string };
}

async function postgresUp(ctx: StackContext): Promise<void> {
  const endpoint = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
  if (!(await portOpen(endpoint.port))) {
    throw new StackError('unhealthy', 'airflow', `its metadata database lives on the stack's PostgreSQL, and nothing answers at ${endpoint.host}:${endpoint.port}`, 'start it with medallion stack up postgres (or medallion stack up)');
  }
}

/**
 * Everything but the servers: the venv from stack/python/airflow.txt, the metadata
 * database on the stack's PostgreSQL, and `airflow db migrate`. Returns the
 * environment that `airflow` commands (dags test, the components) run with.
 */
export async function prepareAirflow(ctx: StackContext, report: (message: string) => void): Promise<{ venv: PythonEnv; env: Record<string, string> }> {
  await postgresUp(ctx);
  const venv = await ensurePythonEnv(ctx.dirs.home, 'airflow', report);
  const postgres = stackEndpoints(ctx.ports, ctx.dirs.home).postgres;
  await ensureMetadataDatabase(postgres);
  const env = airflowEnvironment({ home: ctx.dirs.home, port: ctx.ports.airflow, venv, postgres, connections: resolveConnections() });
  const exit = await runLogged(ctx, 'airflow-db-migrate', { command: `${venv.bin}/airflow`, args: ['db', 'migrate'], env });
  if (exit !== 0) throw new StackError('start-failed', 'airflow', `airflow db migrate exited ${exit} (log: ${logFile(ctx, 'airflow-db-migrate')})`, 'read the log; the metadata database is airflow on the stack\'s PostgreSQL');
  return { venv, env };
}

async function apiHealth(port: number): Promise<{ healthy: boolean; detail: string }> {
  const answer = await httpGet(`${airflowUrl(port)}/api/v2/monitor/health`);
  if (answer === undefined) return { healthy: false, detail: `nothing answers at ${airflowUrl(port)}` };
  if (answer.status !== 200) return { healthy: false, detail: `health answered ${answer.status}: ${answer.body.slice(0, 200)}` };
  const report = JSON.parse(answer.body) as Record<string, { status?: string } | undefined>;
  const parts = ['metadatabase', 'scheduler', 'triggerer', 'dag_processor'].map((part) => [part, report[part]?.status ?? 'unknown'] as const);
  return { healthy: parts.every(([, status]) => status === 'healthy'), detail: parts.map(([part, status]) => `${part} ${status}`).join(', ') };
}

/** Starts the four components on loopback (a no-op for those already running) and waits until the API reports all healthy and the shipped DAGs are parsed. */
export async function airflowUp(ctx: StackContext, report: (message: string) => void): Promise<AirflowStatus> {
  const running = AIRFLOW_COMPONENTS.filter((c) => daemonPid(ctx, daemon(c)) !== undefined);
  if (!running.includes('api-server') && (await portOpen(ctx.ports.airflow))) {
    throw new StackError('port-taken', 'airflow', `port ${ctx.ports.airflow} on 127.0.0.1 is already in use by another process`, `stop what listens there (ss -ltnp 'sport = :${ctx.ports.airflow}'), or give Airflow another port with MEDALLION_AIRFLOW_PORT`);
  }
  const { venv, env } = await prepareAirflow(ctx, report);
  for (const component of AIRFLOW_COMPONENTS) {
    if (running.includes(component)) continue;
    report(`starting the ${component}`);
    const pid = spawnDaemon(ctx, daemon(component), { command: `${venv.bin}/airflow`, args: [component], env, cwd: ctx.dirs.home });
    if (component === 'api-server') {
      await awaitDaemon(ctx, daemon(component), pid, async () => (await httpGet(`${airflowUrl(ctx.ports.airflow)}/api/v2/monitor/health`)) !== undefined, {
        timeoutMs: START_TIMEOUT_MS,
        fix: `read ${logFile(ctx, daemon(component))}`,
      });
    }
  }
  for (const deadline = Date.now() + START_TIMEOUT_MS; ; ) {
    const status = await airflowStatus(ctx);
    if (status.health.healthy) {
      const dags = await awaitDags(airflowApi({ url: status.url, user: status.user, password: status.password! }), START_TIMEOUT_MS);
      report(`DAGs parsed: ${dags.join(', ')}`);
      return status;
    }
    const dead = status.components.find((c) => c.pid === undefined);
    if (dead !== undefined) throw new StackError('start-failed', 'airflow', `the ${dead.component} exited while starting (log: ${logFile(ctx, daemon(dead.component))})`, 'read its log, fix the cause and run medallion airflow up again');
    if (Date.now() > deadline) throw new StackError('unhealthy', 'airflow', `not healthy within ${START_TIMEOUT_MS / 1000}s: ${status.health.detail}`, `read .medallion/logs/airflow-*.log`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Stops every component; no process is left behind. */
export async function airflowDown(ctx: StackContext): Promise<void> {
  for (const component of [...AIRFLOW_COMPONENTS].reverse()) await stopDaemon(ctx, daemon(component));
}

/**
 * Stops stack services (all by default), Airflow first when PostgreSQL, its
 * metadata database, is among them: without it the scheduler and the others
 * exit, and the API server is left behind holding Airflow's port.
 */
export async function stackDownWithAirflow(ctx: StackContext, names: readonly ServiceName[] = []): Promise<void> {
  if (names.length === 0 || names.includes('postgres')) await airflowDown(ctx);
  await stackDown(ctx, names);
}

export async function airflowStatus(ctx: StackContext): Promise<AirflowStatus> {
  const installed = pythonEnv(ctx.dirs.home, 'airflow') !== undefined;
  return {
    url: airflowUrl(ctx.ports.airflow),
    user: AIRFLOW_USER,
    password: installed ? airflowSecrets(ctx.dirs.home).password : undefined,
    components: AIRFLOW_COMPONENTS.map((component) => ({ component, pid: daemonPid(ctx, daemon(component)) })),
    health: installed ? await apiHealth(ctx.ports.airflow) : { healthy: false, detail: 'not installed: medallion airflow up installs it' },
  };
}
