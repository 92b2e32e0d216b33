import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths.ts';
import { AuditError } from './audit-error.ts';
import type { PythonEnv } from '../stack/python-venv.ts';
import { VERSIONS } from '../stack/versions.ts';

/** The PySpark job's folder: main.py and the medallion_audit package. */
export const AUDIT_JOB_DIR = path.join(PROJECT_ROOT, 'audit', 'spark');

/** PostgreSQL's JDBC driver, as Maven coordinates. */
export const POSTGRES_JDBC_PACKAGE = `org.postgresql:postgresql:${VERSIONS.postgresJdbc}`;

/** The Maven coordinates the audit job loads: Kafka and Avro for Spark, PostgreSQL's JDBC driver. */
export function sparkPackages(): string {
  return [`org.apache.spark:spark-sql-kafka-0-10_${VERSIONS.scala}:${VERSIONS.spark}`, `org.apache.spark:spark-avro_${VERSIONS.scala}:${VERSIONS.spark}`, POSTGRES_JDBC_PACKAGE].join(',');
}

/** Ivy's cache of those packages, under the stack's home so every run after the first resolves them offline. */
export function ivyDir(home: string): string {
  const dir = path.join(home, 'ivy');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface SubmitOptions {
  /** The driver's heap: beside Kafka, Connect and PostgreSQL on a small machine, it must be explicit. */
  readonly driverMemory: string;
  readonly executorMemory: string;
}

export const SUBMIT_DEFAULTS: SubmitOptions = { driverMemory: '1g', executorMemory: '1g' };

/**
 * One spark-submit of the audit job, as data, the master aside (the submitter's): what
 * `medallion audit` runs, and what `medallion audit --prepare` hands Airflow's SparkSubmitOperator.
 */
export interface SparkSubmission {
  readonly name: string;
  readonly application: string;
  /** The job's package, zipped onto every executor's path. */
  readonly pyFiles: string;
  /** The JVM packages, comma-separated Maven coordinates, resolved through ivy. */
  readonly packages: string;
  readonly conf: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  /** spark-submit's environment: the Python with PySpark, for the driver and the workers. */
  readonly env: Readonly<Record<string, string>>;
}

/** A job of audit/spark's: its name, its entry script and the JVM packages it loads. */
export interface SparkJob {
  readonly name: string;
  readonly application: string;
  readonly packages: string;
}

/**
 * The audit job's submission (jobSubmission's, for main.py and its Kafka, Avro and JDBC packages).
 */
export function auditSubmission(home: string, options: SubmitOptions, python: string, pyFiles: string, args: readonly string[]): SparkSubmission {
  return jobSubmission({ name: 'medallion-audit', application: path.join(AUDIT_JOB_DIR, 'main.py'), packages: sparkPackages() }, home, options, python, pyFiles, args);
}

/**
 * A job's submission: the JVM packages through ivy's cache under the stack's home, the memory
 * asked for, and UTC everywhere (the contract's times are UTC; JDBC reads and writes PostgreSQL's
 * timestamps in the JVM's zone).
 */
export function jobSubmission(job: SparkJob, home: string, options: SubmitOptions, python: string, pyFiles: string, args: readonly string[]): SparkSubmission {
  const utc = '-Duser.timezone=UTC';
  return {
    ...job,
    pyFiles,
    conf: {
      'spark.jars.ivy': ivyDir(home),
      'spark.driver.memory': options.driverMemory,
      'spark.executor.memory': options.executorMemory,
      'spark.driver.extraJavaOptions': utc,
      'spark.executor.extraJavaOptions': utc,
      'spark.sql.session.timeZone': 'UTC',
      'spark.sql.shuffle.partitions': '4',
      'spark.ui.enabled': 'false',
      'spark.ui.showConsoleProgress': 'false',
    },
    args,
    env: { PYSPARK_PYTHON: python },
  };
}

/** The spark-submit command line of a submission on `master`. */
export function submitArgs(master: string, submission: SparkSubmission): string[] {
  return [
    '--master', master,
    '--name', submission.name,
    '--packages', submission.packages,
    ...Object.entries(submission.conf).flatMap(([key, value]) => ['--conf', `${key}=${value}`]),
    '--py-files', submission.pyFiles,
    submission.application,
    ...submission.args,
  ];
}

export interface VenvRun {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Called with the command's process id once it runs (a benchmark samples its process tree). */
  readonly onSpawn?: (pid: number) => void;
}

/** Runs a command of the venv, each line of its output to `onLine`; resolves with its exit code. */
export function runInVenv(env: PythonEnv, command: string, args: readonly string[], run: VenvRun, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(path.join(env.bin, command), [...args], {
      ...(run.cwd === undefined ? {} : { cwd: run.cwd }),
      env: { ...process.env, ...run.env, PATH: `${env.bin}${path.delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) run.onSpawn?.(child.pid);
    let rest = '';
    const take = (chunk: Buffer): void => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', () => resolve(127));
    child.once('close', (code, signal) => {
      if (rest !== '') onLine(rest);
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

/** Zips the job's package (medallion_audit) into `zip`: it travels to a cluster's executors on --py-files. */
export async function zipJobPackage(env: PythonEnv, zip: string): Promise<void> {
  const log: string[] = [];
  const zipped = await runInVenv(env, 'python', ['-m', 'zipfile', '-c', zip, 'medallion_audit'], { cwd: AUDIT_JOB_DIR }, (line) => log.push(line));
  if (zipped !== 0) throw new AuditError('job-failed', 'spark', `zipping ${AUDIT_JOB_DIR}/medallion_audit exited ${zipped}: ${log.join('\n')}`, `check that ${path.dirname(zip)} is writable`);
}
