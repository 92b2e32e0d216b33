/**
 * bench:e2e's peer (`--peer spark`): the seed's approach on the same data, one PySpark batch job
 * (audit/spark/batch_peer_main.py, `local[2]`) that reads the tidy form of the dataset, builds the
 * eight gold tables with the audit's gold.py and appends them over JDBC to the pipeline's PostgreSQL,
 * into a schema of its own whose tables are copies of gold's (same columns, keys and indexes).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { jdbcOf } from '../audit/job-config.ts';
import { AUDIT_JOB_DIR, jobSubmission, POSTGRES_JDBC_PACKAGE, runInVenv, submitArgs, zipJobPackage } from '../audit/spark-submit.ts';
import { compareWithExpectedGold, goldMatches } from '../checks/expected-gold.ts';
import { layerContracts } from '../schemas/layer-contracts.ts';
import { pythonEnv, pythonEnvAt, requirementsFile, type PythonEnv } from '../stack/python-venv.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import { treeRss } from './process-tree-rss.ts';

const SCHEMA = 'batch_peer';
// As the seed ran it on one machine: two cores, and JDBC tuned as a fair batch load would be.
const MASTER = 'local[2]';
const WRITERS = 2;
const BATCH_SIZE = 10_000;
const MEMORY = { driverMemory: '2g', executorMemory: '2g' };

export interface PeerFigures {
  /** spark-submit's start to its exit. */
  readonly wallMs: number;
  /** The job's own work, the session's start-up apart. */
  readonly jobMs: number;
  readonly sessionMs: number;
  /** RSS of spark-submit's process tree: the JVM and its Python processes. */
  readonly peakRss: number;
  readonly same: boolean;
}

/** The spark venv, or why the peer cannot run and how to install it. */
export function sparkPeerVenv(home: string): PythonEnv | string {
  return (
    pythonEnv(home, 'spark') ??
    `PySpark is not installed (no venv at ${pythonEnvAt(home, 'spark').dir} made from ${path.relative(PROJECT_ROOT, requirementsFile('spark'))}); ` +
      '`medallion audit` installs it on its first run, as does `npx tsx test/run-pytest.ts`'
  );
}

/**
 * Runs the peer over `tidyDataset` (a `generate --tidy` of the same seed and scale: the same truth),
 * writing to `warehouseUrl`'s database; checks its gold against the expected gold through `client`,
 * then drops its schema.
 */
export async function runSparkPeer(venv: PythonEnv, home: string, tidyDataset: string, warehouseUrl: string, client: pg.Client): Promise<PeerFigures> {
  const work = mkdtempSync(path.join(tidyDataset, '..', 'peer-'));
  const gold = layerContracts('gold').map((c) => c.name);
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}; ${gold.map((t) => `CREATE TABLE ${SCHEMA}.${t} (LIKE gold.${t} INCLUDING ALL);`).join(' ')}`);
  try {
    const { jdbcUrl, login } = jdbcOf(warehouseUrl);
    const config = path.join(work, 'config.json');
    const report = path.join(work, 'report.json');
    writeFileSync(config, JSON.stringify({ dataset: tidyDataset, jdbcUrl, ...login, schema: SCHEMA, partitions: WRITERS, batchSize: BATCH_SIZE, reportPath: report }), { mode: 0o600 });
    const zip = path.join(work, 'medallion_audit.zip');
    await zipJobPackage(venv, zip);
    const job = { name: 'medallion-batch-peer', application: path.join(AUDIT_JOB_DIR, 'batch_peer_main.py'), packages: POSTGRES_JDBC_PACKAGE };
    const submission = jobSubmission(job, home, MEMORY, venv.python, zip, [config]);
    const log: string[] = [];
    let peakRss = 0;
    let sampler: NodeJS.Timeout | undefined;
    const begun = performance.now();
    const code = await runInVenv(venv, 'spark-submit', submitArgs(MASTER, submission), { env: submission.env, onSpawn: (pid) => (sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(pid))), 250)) }, (line) => log.push(line));
    const wallMs = performance.now() - begun;
    clearInterval(sampler);
    if (code !== 0) throw new Error(`the Spark peer's spark-submit exited ${code}:\n${log.slice(-20).join('\n')}`);
    const times = JSON.parse(readFileSync(report, 'utf8')) as { sessionSeconds: number; jobSeconds: number };
    const same = goldMatches(await compareWithExpectedGold(client, path.join(tidyDataset, 'expected', 'gold'), SCHEMA));
    return { wallMs, jobMs: times.jobSeconds * 1000, sessionMs: times.sessionSeconds * 1000, peakRss, same };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    rmSync(work, { recursive: true, force: true });
  }
}
