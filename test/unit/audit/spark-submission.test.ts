import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditSubmission, sparkPackages, submitArgs, SUBMIT_DEFAULTS } from '../../../audit/spark-submit.ts';
import { ConfigError } from '../../../config/config-error.ts';
import { resolveConnections } from '../../../config/connections.ts';
import { airflowEnvironment } from '../../../orchestration/airflow-runner/airflow-environment.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { pythonEnvAt } from '../../../stack/python-venv.ts';

// One submission, two submitters: the command line `medallion audit` runs, and the fields the
// medallion_audit DAG hands the SparkSubmitOperator (whose master is the medallion_spark connection's).
// airflowEnvironment makes Airflow's secrets under the home on first call.
const home = mkdtempSync(path.join(os.tmpdir(), 'medallion-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const submission = auditSubmission(home, { driverMemory: '2g', executorMemory: '3g' }, '/venv/bin/python', '/run/medallion_audit.zip', ['/run/config.json']);

describe('the audit job submission', () => {
  it('is the spark-submit command line, master first, each conf once, the application and its config last', () => {
    const args = submitArgs('yarn', submission);
    expect(args.slice(0, 6)).toEqual(['--master', 'yarn', '--name', 'medallion-audit', '--packages', sparkPackages()]);
    expect(args.slice(-4)).toEqual(['--py-files', '/run/medallion_audit.zip', submission.application, '/run/config.json']);
    const conf = args.flatMap((arg, i) => (args[i - 1] === '--conf' ? [arg] : []));
    expect(conf).toEqual(Object.entries(submission.conf).map(([key, value]) => `${key}=${value}`));
    expect(conf).toEqual(expect.arrayContaining(['spark.driver.memory=2g', 'spark.executor.memory=3g', `spark.jars.ivy=${path.join(home, 'ivy')}`]));
    expect(submission.env).toEqual({ PYSPARK_PYTHON: '/venv/bin/python' });
  });

  it('asks for three JVM packages: Kafka and Avro for Spark, and PostgreSQL JDBC', () => {
    expect(sparkPackages().split(',').map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['org.apache.spark:spark-sql-kafka-0-10_2.13', 'org.apache.spark:spark-avro_2.13', 'org.postgresql:postgresql']);
    expect(SUBMIT_DEFAULTS).toEqual({ driverMemory: '1g', executorMemory: '1g' });
  });
});

describe('the Spark master', () => {
  it('is local[2] unless MEDALLION_SPARK_MASTER names another, and a bad one fails at start naming it', () => {
    expect(resolveConnections({}).sparkMaster).toBe('local[2]');
    for (const master of ['local[*]', 'local[4,2]', 'yarn', 'k8s://https://host:443', 'spark://a:7077,b:7077']) expect(resolveConnections({ MEDALLION_SPARK_MASTER: master }).sparkMaster).toBe(master);
    for (const master of ['local[two]', 'spark:host', 'http://host:7077']) {
      expect(() => resolveConnections({ MEDALLION_SPARK_MASTER: master })).toThrow(ConfigError);
      expect(() => resolveConnections({ MEDALLION_SPARK_MASTER: master })).toThrow(/MEDALLION_SPARK_MASTER.*local\[N\], local\[\*\], yarn/);
    }
  });

  it("is Airflow's medallion_spark connection, and the spark venv's spark-submit is on the components' PATH after Airflow's own commands", () => {
    const venv = pythonEnvAt(home, 'airflow');
    const env = airflowEnvironment({ home, port: 28088, venv, postgres: stackEndpoints().postgres, connections: resolveConnections({ MEDALLION_SPARK_MASTER: 'spark://host:7077' }) });
    expect(JSON.parse(env.AIRFLOW_CONN_MEDALLION_SPARK!)).toEqual({ conn_type: 'spark', host: 'spark://host:7077' });
    expect(env.PATH!.split(path.delimiter).slice(0, 2)).toEqual([venv.bin, pythonEnvAt(home, 'spark').bin]);
  });
});
