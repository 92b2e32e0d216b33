import path from 'node:path';
import type { Connections } from '../../config/connections.ts';
import type { StackEndpoints } from '../../config/stack-endpoints.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { LOOPBACK } from '../../config/ports.ts';
import { pythonEnvAt, type PythonEnv } from '../../stack/python-venv.ts';
import { airflowHome, airflowSecrets, DAGS_DIR, AIRFLOW_USER, passwordsFile } from './airflow-home.ts';
import { metadataUrl } from './airflow-metadata-db.ts';

export interface AirflowSetting {
  readonly home: string;
  readonly port: number;
  readonly venv: PythonEnv;
  readonly postgres: StackEndpoints['postgres'];
  readonly connections: Connections;
}

/** The UI's and the REST API's address. */
export function airflowUrl(port: number): string {
  return `http://${LOOPBACK}:${port}`;
}

/**
 * Kafka as an Airflow connection (the kafka provider hands `extra` to confluent-kafka as it is).
 * The dead-letter watcher opens a new consumer after every event and commits only the partition
 * of the message it took: a partition without a committed offset (a dlq topic with no dead letter
 * yet, or made since) starts at its beginning, or the dead letters written while the consumer
 * joined would be missed; a new dlq topic is seen within 10 s rather than librdkafka's 5 min.
 */
function kafkaConnection(kafka: Connections['kafka']): string {
  return JSON.stringify({
    conn_type: 'kafka',
    extra: {
      'bootstrap.servers': kafka.bootstrapServers,
      'group.id': 'medallion-airflow-dead-letters',
      'auto.offset.reset': 'earliest',
      'topic.metadata.refresh.interval.ms': '10000',
      ...kafka.settings,
    },
  });
}

/** Spark's master as an Airflow connection: the Spark provider takes a host holding the whole master URL as the master. */
function sparkConnection(master: string): string {
  return JSON.stringify({ conn_type: 'spark', host: master });
}

/**
 * The environment of every Airflow component and of `airflow dags test`: home,
 * metadata on the stack's PostgreSQL, the DAG folder, loopback API with a fixed
 * port, shared secrets, a small worker pool, and the connections and the project
 * root the DAGs read, all from the MEDALLION_* settings in force.
 */
export function airflowEnvironment(setting: AirflowSetting): Record<string, string> {
  const secrets = airflowSecrets(setting.home);
  const url = airflowUrl(setting.port);
  return {
    AIRFLOW_HOME: airflowHome(setting.home),
    // Components that `airflow` starts find the venv's commands (python, airflow) first; the audit's
    // spark-submit is the spark venv's (`medallion audit --prepare` installs it on first use).
    PATH: [setting.venv.bin, pythonEnvAt(setting.home, 'spark').bin, process.env.PATH ?? ''].join(path.delimiter),
    // The triggerer imports the dead-letter watcher's apply_function from the DAG folder.
    PYTHONPATH: DAGS_DIR,
    AIRFLOW__CORE__DAGS_FOLDER: DAGS_DIR,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
    // Otherwise LocalExecutor forks 32 workers.
    AIRFLOW__CORE__PARALLELISM: '4',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'False',
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: metadataUrl(setting.postgres),
    AIRFLOW__API__HOST: LOOPBACK,
    AIRFLOW__API__PORT: String(setting.port),
    AIRFLOW__API__WORKERS: '1',
    // A port other than 8080 needs the base URL, or the UI and the workers call the wrong one.
    AIRFLOW__API__BASE_URL: url,
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${url}/execution/`,
    AIRFLOW__API__SECRET_KEY: secrets.apiSecretKey,
    AIRFLOW__API_AUTH__JWT_SECRET: secrets.jwtSecret,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: `${AIRFLOW_USER}:admin`,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: passwordsFile(setting.home),
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: path.join(airflowHome(setting.home), 'logs'),
    AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR: 'True',
    AIRFLOW_CONN_MEDALLION_WAREHOUSE: setting.connections.warehouseUrl,
    AIRFLOW_CONN_MEDALLION_KAFKA: kafkaConnection(setting.connections.kafka),
    AIRFLOW_CONN_MEDALLION_SPARK: sparkConnection(setting.connections.sparkMaster),
    AIRFLOW_VAR_MEDALLION_PROJECT_ROOT: PROJECT_ROOT,
  };
}
