import path from 'node:path';
import { AuditError } from '../../audit/audit-error.ts';
import { renderAuditReport } from '../../audit/audit-report.ts';
import { auditFiles, auditOutcome, prepareAudit, runAudit, type AuditOutcome } from '../../audit/run-audit.ts';
import { SUBMIT_DEFAULTS, submitArgs } from '../../audit/spark-submit.ts';
import { resolveConnections } from '../../config/connections.ts';
import { stackHome } from '../../config/paths.ts';
import type { Command } from '../command.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion audit [--master URL] [--from TIME] [--json] [--samples N] [--driver-memory SIZE] [--executor-memory SIZE]
                       [--settle-quiet SECONDS] [--settle-timeout SECONDS]
       medallion audit --prepare DIR [--json] [--from TIME] [--samples N] [--driver-memory SIZE] [--executor-memory SIZE] [--settle-…]
       medallion audit --report DIR [--json]

An independent audit of the warehouse: a PySpark job (audit/spark/) recomputes silver and gold from
every bronze topic, written from the contracts, not from the processors, and compares the warehouse's
gold row by row (money exactly) and silver's row counts. It waits for the pipeline to settle and reads
bronze up to the ends it settled at, so records still in flight are not differences. Findings go to
the warehouse's schema audit. Exits 0 when every table agrees, 1 when any differs, 2 when it could not run.
The first run installs PySpark into <MEDALLION_HOME>/venv/spark and the JVM packages into <MEDALLION_HOME>/ivy.
For a submitter of your own (the medallion_audit DAG's SparkSubmitOperator), the run splits in two around
spark-submit: --prepare does everything before it, --report everything after.

  --master URL             Spark's master: MEDALLION_SPARK_MASTER, else local[2]; or local[*], yarn, k8s://https://host:443, spark://host:7077
  --prepare DIR            check the services, wait for the pipeline to settle, and write the job's config.json (0600: it holds
                           passwords), its zipped package and submit.json (application, py-files, packages, conf, args, env) into DIR;
                           prints the spark-submit command line it stands for (--json: submit.json)
  --report DIR             read the report the job wrote into DIR, print it, and exit 0, 1 or 2 as the audit does
  --from TIME              compare only facts sold from this ISO 8601 time on (gold.fact_sales, gold.sales_daily)
  --json                   print the report as JSON
  --samples N              example keys named per table and kind of difference (default 5)
  --driver-memory SIZE     the driver's heap (default ${SUBMIT_DEFAULTS.driverMemory})
  --executor-memory SIZE   each executor's heap (default ${SUBMIT_DEFAULTS.executorMemory})
  --settle-quiet SECONDS   how long nothing may move for the pipeline to count as settled (default 5)
  --settle-timeout SECONDS how long to wait for that (default 300)`;

function sizeOption(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (!/^\d+[kmgt]?$/i.test(value)) throw new UsageError('bad-option', `--${name} ${JSON.stringify(value)} is not a memory size.`, `pass a number with k, m, g or t, e.g. --${name} 2g.`);
  return value;
}

function fromOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError('bad-option', `--from ${JSON.stringify(value)} is not an ISO 8601 date or date-time.`, 'pass e.g. --from 2018-03-01 or --from 2018-03-01T12:00:00Z.');
  }
  return new Date(value).toISOString();
}

function printOutcome(outcome: AuditOutcome, json: boolean): number {
  if (json) console.log(JSON.stringify(outcome.report, null, 2));
  else if (outcome.report.error !== undefined) console.error(`medallion audit: ${outcome.report.error.service}: ${outcome.report.error.message}\n  fix: ${outcome.report.error.fix}`);
  else console.log(renderAuditReport(outcome.report));
  return outcome.code;
}

/** `--report DIR`: the job's report, or why there is none. */
function reportOf(dir: string): AuditOutcome {
  const outcome = auditOutcome(dir);
  if (outcome === undefined) {
    throw new AuditError('job-failed', 'spark', `${auditFiles(dir).report} does not exist: the job ended before it reached a verdict`, "read spark-submit's output (in Airflow: the spark_submit task's log)");
  }
  return outcome;
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'recompute gold from the bronze topics with Spark, independently, and diff the warehouse row by row',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        master: { type: 'string' },
        from: { type: 'string' },
        json: { type: 'boolean' },
        samples: { type: 'string' },
        'driver-memory': { type: 'string' },
        'executor-memory': { type: 'string' },
        'settle-quiet': { type: 'string' },
        'settle-timeout': { type: 'string' },
        prepare: { type: 'string' },
        report: { type: 'string' },
      },
      usage,
    );
    noPositionals('audit', positionals, usage);
    if (values.prepare !== undefined && values.report !== undefined) {
      throw new UsageError('bad-option', '--prepare and --report are two steps of one run, taken apart.', 'give one of them: --prepare DIR before spark-submit, --report DIR after it.');
    }
    if (values.master !== undefined && (values.prepare !== undefined || values.report !== undefined)) {
      throw new UsageError('bad-option', `--master ${JSON.stringify(values.master)} is spark-submit's choice, and --prepare and --report do not run it.`, 'give the master to the submitter (the DAG: the medallion_spark connection), or drop --prepare/--report.');
    }
    const from = fromOption(values.from);
    const options = {
      home: stackHome(),
      driverMemory: sizeOption('driver-memory', values['driver-memory'], SUBMIT_DEFAULTS.driverMemory),
      executorMemory: sizeOption('executor-memory', values['executor-memory'], SUBMIT_DEFAULTS.executorMemory),
      samples: integerOption('samples', values.samples, 5, 1, 1000),
      settle: {
        quietMs: integerOption('settle-quiet', values['settle-quiet'], 5, 1, 3600) * 1000,
        timeoutMs: integerOption('settle-timeout', values['settle-timeout'], 300, 1, 86_400) * 1000,
      },
      ...(from === undefined ? {} : { from }),
    };
    // Progress goes to stderr, so --json's stdout is the report alone.
    const progress = (line: string): void => console.error(line);
    try {
      if (values.report !== undefined) return printOutcome(reportOf(path.resolve(values.report)), values.json === true);
      if (values.prepare !== undefined) {
        const { submission } = await prepareAudit(options, path.resolve(values.prepare), progress);
        console.log(values.json === true ? JSON.stringify(submission, null, 2) : ['spark-submit', ...submitArgs('<master>', submission)].join(' '));
        return 0;
      }
      return printOutcome(await runAudit({ ...options, master: values.master ?? resolveConnections().sparkMaster }, progress), values.json === true);
    } catch (error) {
      if (!(error instanceof AuditError)) throw error;
      console.error(`medallion audit: ${error.message}`);
      if (values.json === true) console.log(JSON.stringify({ verdict: 'failed', error: { service: error.service, message: error.detail, fix: error.fix } }, null, 2));
      return 2;
    }
  },
};
