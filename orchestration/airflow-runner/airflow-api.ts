import { readdirSync } from 'node:fs';
import { StackError } from '../../stack/stack-error.ts';
import { DAGS_DIR } from './airflow-home.ts';

/** Where the REST API answers and who logs in (the simple auth manager's admin). */
export interface AirflowLogin {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

/** Airflow's REST API (v2) as the admin: a token from /auth/token, then JSON in and out. */
export interface AirflowApi {
  get<T>(pathname: string): Promise<T>;
  post<T>(pathname: string, body: unknown): Promise<T>;
}

export function airflowApi(login: AirflowLogin): AirflowApi {
  let token: Promise<string> | undefined;
  const bearer = (): Promise<string> =>
    (token ??= (async () => {
      const answer = await fetch(`${login.url}/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: login.user, password: login.password }) });
      if (!answer.ok) throw new StackError('unhealthy', 'airflow', `${login.url}/auth/token refused ${login.user}'s login (HTTP ${answer.status}: ${(await answer.text()).slice(0, 200)})`, 'medallion airflow status prints the login in force');
      return ((await answer.json()) as { access_token: string }).access_token;
    })());
  const call = async <T>(pathname: string, init: RequestInit): Promise<T> => {
    const answer = await fetch(`${login.url}${pathname}`, { ...init, headers: { Authorization: `Bearer ${await bearer()}`, 'Content-Type': 'application/json' } });
    if (!answer.ok) throw new StackError('unhealthy', 'airflow', `${init.method ?? 'GET'} ${pathname} answered HTTP ${answer.status}: ${(await answer.text()).slice(0, 300)}`, 'read .medallion/logs/airflow-api-server.log');
    return (await answer.json()) as T;
  };
  return {
    get: (pathname) => call(pathname, {}),
    post: (pathname, body) => call(pathname, { method: 'POST', body: JSON.stringify(body) }),
  };
}

/** The DAG ids the project ships: one DAG per file of the DAG folder, named as its file. */
export function shippedDagIds(): string[] {
  return readdirSync(DAGS_DIR)
    .filter((name) => name.endsWith('.py'))
    .map((name) => name.slice(0, -'.py'.length))
    .sort();
}

interface ImportErrors {
  import_errors: { filename: string; stack_trace: string }[];
}

/**
 * Waits until the dag-processor has parsed every shipped DAG into the metadata database:
 * the scheduler reports healthy before that, and a run asked for in between is refused (404).
 * A DAG file that fails to import stops the wait with its own error.
 */
export async function awaitDags(api: AirflowApi, timeoutMs: number): Promise<readonly string[]> {
  const wanted = shippedDagIds();
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 1000))) {
    const { import_errors: errors } = await api.get<ImportErrors>('/api/v2/importErrors');
    const ours = errors.find((e) => e.filename.startsWith(DAGS_DIR));
    if (ours !== undefined) throw new StackError('start-failed', 'airflow', `DAG file ${ours.filename} does not import: ${ours.stack_trace.trim().split('\n').at(-1)}`, 'fix the file; the dag-processor parses it again within a minute');
    const { dags } = await api.get<{ dags: { dag_id: string }[] }>('/api/v2/dags?dag_id_pattern=medallion_&limit=100');
    const missing = wanted.filter((id) => !dags.some((d) => d.dag_id === id));
    if (missing.length === 0) return wanted;
    if (Date.now() > deadline) throw new StackError('unhealthy', 'airflow', `the dag-processor has not parsed ${missing.join(', ')} within ${timeoutMs / 1000}s`, 'read .medallion/logs/airflow-dag-processor.log');
  }
}
