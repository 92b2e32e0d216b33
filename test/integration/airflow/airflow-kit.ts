import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConnections } from '../../../config/connections.ts';
import { airflowEnvironment } from '../../../orchestration/airflow-runner/airflow-environment.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { stackHome } from '../../../config/paths.ts';
import { resolvePorts } from '../../../config/ports.ts';
import { ensurePythonEnv } from '../../../stack/python-venv.ts';

/** `airflow <args>` as the project's Airflow runs it, to its end. */
export interface AirflowRun {
  readonly code: number;
  readonly output: string;
}

let prepared: Promise<Record<string, string>> | undefined;

/**
 * The project's Airflow environment (stack/python/airflow.txt's venv, the DAG
 * folder, the connections), with a metadata database of this test file's own:
 * `airflow dags test` runs its tasks in-process, and a scheduler of `medallion
 * airflow up` sharing the database would take its runs over.
 */
export function airflowEnv(): Promise<Record<string, string>> {
  prepared ??= (async () => {
    const home = stackHome();
    const venv = await ensurePythonEnv(home, 'airflow', () => {});
    const own = mkdtempSync(path.join(os.tmpdir(), 'medallion-airflow-test-'));
    const env = {
      ...airflowEnvironment({ home, port: resolvePorts().airflow, venv, postgres: stackEndpoints().postgres, connections: resolveConnections() }),
      AIRFLOW_HOME: own,
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${own}/airflow.db`,
      AIRFLOW__LOGGING__BASE_LOG_FOLDER: path.join(own, 'logs'),
    };
    const migrated = await run(env, ['db', 'migrate'], 300_000);
    if (migrated.code !== 0) throw new Error(`airflow db migrate failed:\n${migrated.output}`);
    return env;
  })();
  return prepared;
}

function run(env: Record<string, string>, args: readonly string[], timeoutMs: number): Promise<AirflowRun> {
  const airflowBin = path.join(env.PATH!.split(path.delimiter)[0]!, 'airflow');
  return new Promise((resolve) => {
    execFile(airflowBin, [...args], { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * Runs `airflow <args>` with that environment, `env` on top (e.g.
 * MEDALLION_WAREHOUSE_URL and AIRFLOW_CONN_MEDALLION_WAREHOUSE at a scratch
 * warehouse): the DAG's tasks inherit it, so the CLI they call sees it too.
 */
export async function airflow(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 900_000): Promise<AirflowRun> {
  return run({ ...(await airflowEnv()), ...env }, args, timeoutMs);
}

/** The final state of the run `airflow dags test` made ("DagRun Finished: … state=…"). */
export function runState(output: string): string | undefined {
  return /DagRun Finished: .*? state=(\w+)/.exec(output)?.[1];
}
