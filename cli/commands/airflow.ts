import { DAGS_DIR } from '../../orchestration/airflow-runner/airflow-home.ts';
import { airflowDown, airflowStatus, airflowUp, type AirflowStatus } from '../../orchestration/airflow-runner/airflow-stack.ts';
import { ensurePythonEnv } from '../../stack/python-venv.ts';
import { stackContext } from '../../stack/stack.ts';
import type { Command } from '../command.ts';
import { parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const ACTIONS = ['up', 'down', 'status', 'install'] as const;

const usage = `usage: medallion airflow <${ACTIONS.join('|')}>

Apache Airflow 3 running the DAGs of orchestration/airflow/dags/ against the local stack
(or the MEDALLION_* services): a venv from stack/python/airflow.txt under .medallion/venv/airflow,
its metadata in database airflow on the stack's PostgreSQL (start it first: medallion stack up).

  up        install when needed, then start the API server, scheduler, dag-processor and
            triggerer on 127.0.0.1:MEDALLION_AIRFLOW_PORT (default 28088); prints the UI and the login
  down      stop them; no process is left behind
  status    each component, the API's health report, the UI and the login
  install   only the venv (what the DAG tests need); up installs it too`;

function printStatus(status: AirflowStatus): void {
  for (const { component, pid } of status.components) console.log(`${pid === undefined ? '✘' : '✔'} ${component.padEnd(13)} ${pid === undefined ? 'not running' : `pid ${pid}`}`);
  console.log(`${status.health.healthy ? '✔' : '✘'} health        ${status.health.detail}`);
  console.log(`UI: ${status.url}  login: ${status.user} / ${status.password ?? '(not installed yet)'}`);
}

export const airflowCommand: Command = {
  name: 'airflow',
  summary: 'Apache Airflow on the local stack: the DAGs that schedule checks, replays, dead-letter runs and connector health',
  usage,
  async run(args) {
    const { positionals } = parseOptions(args, {}, usage);
    const [action, ...rest] = positionals;
    if (rest.length > 0 || !(ACTIONS as readonly (string | undefined)[]).includes(action)) {
      throw new UsageError('bad-option', `'${positionals.join(' ')}' is not an airflow action.`, `use one of: ${ACTIONS.join(', ')}.\n${usage}`);
    }
    const ctx = stackContext();
    const report = (message: string): void => console.log(`airflow: ${message}`);
    switch (action) {
      case 'up': {
        const begun = Date.now();
        const status = await airflowUp(ctx, report);
        console.log(`airflow up in ${((Date.now() - begun) / 1000).toFixed(1)}s, DAGs from ${DAGS_DIR}`);
        printStatus(status);
        return 0;
      }
      case 'down':
        await airflowDown(ctx);
        console.log('airflow: stopped');
        return 0;
      case 'install': {
        const venv = await ensurePythonEnv(ctx.dirs.home, 'airflow', report);
        console.log(`airflow: installed in ${venv.dir}`);
        return 0;
      }
      default: {
        const status = await airflowStatus(ctx);
        printStatus(status);
        return status.health.healthy ? 0 : 1;
      }
    }
  },
};
