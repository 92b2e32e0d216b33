import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resolveConnections, type Connections } from '../config/connections.ts';
import { kafkaAnswers } from '../stack/kafka-probe.ts';
import { ensurePythonEnv, type PythonEnv } from '../stack/python-venv.ts';
import { openTransport } from '../transport/open-transport.ts';
import { AuditError } from './audit-error.ts';
import type { AuditReport } from './audit-report.ts';
import { jdbcOf, sparkKafkaOptions, type JobConfig } from './job-config.ts';
import { settledBronzeEnds, type SettleOptions } from './settled-ends.ts';
import { auditSubmission, runInVenv, submitArgs, zipJobPackage, type SparkSubmission, type SubmitOptions } from './spark-submit.ts';

export interface PrepareOptions extends SubmitOptions {
  /** The stack's home: the venv, ivy's cache and the job's log live there. */
  readonly home: string;
  /** Compare facts sold from this time on (ISO 8601); the dimensions and per-entity totals always in full. */
  readonly from?: string;
  /** Example keys named per table and kind of difference. */
  readonly samples: number;
  readonly settle: SettleOptions;
}

export interface AuditOptions extends PrepareOptions {
  readonly master: string;
}

export interface AuditOutcome {
  /** 0 every table agrees, 1 any differs, 2 the audit could not run (report.error says why). */
  readonly code: 0 | 1 | 2;
  readonly report: AuditReport;
}

/** An audit run's folder: the job's config (0600: it holds passwords), its zipped package, the submission, and the report the job writes. */
export function auditFiles(dir: string): { readonly config: string; readonly zip: string; readonly submission: string; readonly report: string } {
  return {
    config: path.join(dir, 'config.json'),
    zip: path.join(dir, 'medallion_audit.zip'),
    submission: path.join(dir, 'submit.json'),
    report: path.join(dir, 'report.json'),
  };
}

const STACK_FIX = 'start it (medallion stack up)';

async function reachable(connections: Connections): Promise<void> {
  if (!(await kafkaAnswers(connections.kafka))) {
    throw new AuditError('service-unreachable', 'kafka', `no broker answers at ${connections.kafka.bootstrapServers}`, `${STACK_FIX} or set MEDALLION_KAFKA_BOOTSTRAP_SERVERS`);
  }
  const { url, basicAuth } = connections.registry;
  const headers: Record<string, string> = basicAuth === undefined ? {} : { authorization: `Basic ${Buffer.from(`${basicAuth.user}:${basicAuth.password}`).toString('base64')}` };
  const answer = await fetch(`${url}/subjects`, { headers, signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => String(error));
  if (typeof answer === 'string' || !answer.ok) {
    throw new AuditError('service-unreachable', 'registry', `${url} does not answer (${typeof answer === 'string' ? answer : `HTTP ${answer.status}`})`, `${STACK_FIX} or set MEDALLION_REGISTRY_URL`);
  }
  for (const [role, variable, target] of [['bi', 'MEDALLION_WAREHOUSE_BI_URL', connections.warehouseBiUrl], ['audit', 'MEDALLION_WAREHOUSE_AUDIT_URL', connections.warehouseAuditUrl]] as const) {
    const client = new pg.Client({ connectionString: target, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      if (role === 'audit' && (await client.query<{ t: string | null }>("SELECT to_regclass('audit.runs')::text AS t")).rows[0]?.t === null) {
        throw new AuditError('service-unreachable', 'warehouse', 'has no audit schema (migration 0008_audit_schema)', 'run medallion warehouse migrate');
      }
    } catch (error) {
      if (error instanceof AuditError) throw error;
      const { jdbcUrl, login } = jdbcOf(target);
      throw new AuditError('service-unreachable', 'warehouse', `${login.user} cannot connect to ${jdbcUrl}: ${(error as Error).message}`, `${STACK_FIX} or set ${variable}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/**
 * Everything before spark-submit, into `dir`: checks that Kafka, the registry and the warehouse
 * answer, installs the spark venv on first use, waits for the pipeline to settle, writes the job's
 * config and zips its package. Returns the submission (also written to `dir`'s submit.json, for a
 * submitter of its own such as Airflow's SparkSubmitOperator). `progress` gets one line per step.
 */
export async function prepareAudit(options: PrepareOptions, dir: string, progress: (line: string) => void): Promise<{ readonly submission: SparkSubmission; readonly venv: PythonEnv }> {
  const connections = resolveConnections();
  await reachable(connections);
  const venv = await ensurePythonEnv(options.home, 'spark', progress);
  const transport = await openTransport({ kind: 'kafka', kafka: connections.kafka });
  let settled;
  try {
    settled = await settledBronzeEnds(transport, options.settle, progress);
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError('service-unreachable', 'kafka', `cannot read the bronze topics' ends: ${(error as Error).message}`, 'run the pipeline first (medallion up), so the bronze topics exist');
  } finally {
    await transport.close();
  }
  mkdirSync(dir, { recursive: true });
  const files = auditFiles(dir);
  const gold = jdbcOf(connections.warehouseBiUrl);
  const config: JobConfig = {
    runId: randomUUID(),
    kafkaOptions: sparkKafkaOptions(connections.kafka),
    ends: settled.ends,
    readNote: settled.note,
    registry: { url: connections.registry.url, ...(connections.registry.basicAuth ?? {}) },
    jdbcUrl: gold.jdbcUrl,
    bi: gold.login,
    audit: jdbcOf(connections.warehouseAuditUrl).login,
    from: options.from ?? null,
    samples: options.samples,
    reportPath: files.report,
  };
  writeFileSync(files.config, JSON.stringify(config), { mode: 0o600 });
  await zipJobPackage(venv, files.zip);
  const submission = auditSubmission(options.home, options, venv.python, files.zip, [files.config]);
  writeFileSync(files.submission, `${JSON.stringify(submission, null, 2)}\n`);
  progress(`prepared run ${config.runId} in ${dir}`);
  return { submission, venv };
}

/**
 * The outcome of a run whose job has ended: its report, and the exit code its verdict gives.
 * Undefined when the job wrote no report (it failed before it reached a verdict).
 */
export function auditOutcome(dir: string): AuditOutcome | undefined {
  const file = auditFiles(dir).report;
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8')) as AuditReport;
  return { code: report.verdict === 'agree' ? 0 : report.verdict === 'differ' ? 1 : 2, report };
}

/**
 * `medallion audit`: prepares a run in a folder of its own, runs the job with spark-submit on
 * `options.master`, and reads its report; the folder goes when it is done.
 */
export async function runAudit(options: AuditOptions, progress: (line: string) => void): Promise<AuditOutcome> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'medallion-audit-'));
  try {
    const { submission, venv } = await prepareAudit(options, work, progress);
    progress(`running the Spark audit on ${options.master}`);
    const log: string[] = [];
    const code = await runInVenv(venv, 'spark-submit', submitArgs(options.master, submission), { env: submission.env }, (line) => log.push(line));
    const logPath = path.join(options.home, 'logs', 'audit.log');
    writeFileSync(logPath, `${log.join('\n')}\n`);
    const outcome = auditOutcome(work);
    if (outcome === undefined) {
      throw new AuditError('job-failed', 'spark', `spark-submit exited ${code} without a report:\n${log.slice(-12).join('\n')}`, `read ${logPath}`);
    }
    return outcome;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
