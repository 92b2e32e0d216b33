import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../stack/paths.ts';
import type { PythonEnv } from '../stack/python-venv.ts';
import { VERSIONS } from '../stack/versions.ts';

/** The PySpark job's folder: main.py and the medallion_audit package. */
export const AUDIT_JOB_DIR = path.join(PROJECT_ROOT, 'audit', 'spark');

/** The Maven coordinates the job loads: Kafka and Avro for Spark, PostgreSQL's JDBC driver. */
export function sparkPackages(): string {
  return [
    `org.apache.spark:spark-sql-kafka-0-10_${VERSIONS.scala}:${VERSIONS.spark}`,
    `org.apache.spark:spark-avro_${VERSIONS.scala}:${VERSIONS.spark}`,
    `org.postgresql:postgresql:${VERSIONS.postgresJdbc}`,
  ].join(',');
}

/** Ivy's cache of those packages, under the stack's home so every run after the first resolves them offline. */
export function ivyDir(home: string): string {
  const dir = path.join(home, 'ivy');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface SubmitOptions {
  readonly master: string;
  /** The driver's heap: beside Kafka, Connect and PostgreSQL on a small machine, it must be explicit. */
  readonly driverMemory: string;
  readonly executorMemory: string;
}

export const SUBMIT_DEFAULTS: SubmitOptions = { master: 'local[2]', driverMemory: '1g', executorMemory: '1g' };

/**
 * The spark-submit command line: the package zipped onto every executor's path (--py-files), the
 * JVM packages through ivy, and UTC everywhere (the contract's times are UTC; JDBC reads
 * PostgreSQL's timestamps in the JVM's zone).
 */
export function submitArgs(home: string, options: SubmitOptions, pyFiles: string, args: readonly string[]): string[] {
  const utc = '-Duser.timezone=UTC';
  return [
    '--master', options.master,
    '--name', 'medallion-audit',
    '--packages', sparkPackages(),
    '--conf', `spark.jars.ivy=${ivyDir(home)}`,
    '--conf', `spark.driver.memory=${options.driverMemory}`,
    '--conf', `spark.executor.memory=${options.executorMemory}`,
    '--conf', `spark.driver.extraJavaOptions=${utc}`,
    '--conf', `spark.executor.extraJavaOptions=${utc}`,
    '--conf', 'spark.sql.session.timeZone=UTC',
    '--conf', 'spark.sql.shuffle.partitions=4',
    '--conf', 'spark.ui.enabled=false',
    '--conf', 'spark.ui.showConsoleProgress=false',
    '--py-files', pyFiles,
    path.join(AUDIT_JOB_DIR, 'main.py'),
    ...args,
  ];
}

export interface VenvRun {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Runs a command of the venv, each line of its output to `onLine`; resolves with its exit code. */
export function runInVenv(env: PythonEnv, command: string, args: readonly string[], run: VenvRun, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(path.join(env.bin, command), [...args], {
      ...(run.cwd === undefined ? {} : { cwd: run.cwd }),
      env: { ...process.env, ...run.env, PATH: `${env.bin}${path.delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
