/**
 * `npm run bench:audit [-- --rows N[,N…]]` (default 20000,200000): for each size, `medallion up --once`
 * fills a warehouse of its own on the local stack, then `medallion audit` and `medallion validate` run
 * over it, one after the other. Prints each one's wall time and the peak memory of its whole process
 * tree (the audit's includes the Spark JVM), the audit's time as a ratio of validate's, and the Spark
 * session's start-up apart from the audit's own work.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditReport } from '../audit/audit-report.ts';
import { textTable } from '../core/text-table.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import { scratchWarehouse } from '../stack/scratch-warehouse.ts';
import { treeRss } from './process-tree-rss.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '20000,200000' } } });
const sizes = (values.rows ?? '').split(',').map(Number);
if (!sizes.every((n) => Number.isInteger(n) && n >= 100)) {
  console.error(`--rows must be whole numbers of at least 100, separated by commas (got ${values.rows})`);
  process.exit(2);
}

interface Measured {
  readonly code: number | null;
  readonly wallMs: number;
  readonly peakBytes: number;
  readonly stdout: string;
}

function medallion(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  const begun = performance.now();
  const child = spawn(process.execPath, ['cli/bin/medallion.cjs', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let peakBytes = 0;
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, treeRss(child.pid!))), 250);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve({ code, wallMs: performance.now() - begun, peakBytes, stdout });
    }),
  );
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const rows: string[][] = [];
for (const size of sizes) {
  const warehouse = await scratchWarehouse();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-bench-audit-'));
  chmodSync(dir, 0o755);
  const env = { MEDALLION_WAREHOUSE_URL: warehouse.url('writer'), MEDALLION_WAREHOUSE_OWNER_URL: warehouse.url('owner'), MEDALLION_WAREHOUSE_BI_URL: warehouse.url('bi'), MEDALLION_WAREHOUSE_AUDIT_URL: warehouse.url('audit') };
  try {
    console.error(`\n${size} sales: medallion up --once into ${warehouse.database}`);
    const up = await medallion(['up', '--once', '--scale', String(size), '--seed', '5', '--port', '0', '--dir', path.join(dir, 'run')], env);
    if (up.code !== 0) throw new Error(`medallion up --once exited ${up.code}`);
    const audit = await medallion(['audit', '--json'], env);
    const validate = await medallion(['validate', '--json'], env);
    const report = JSON.parse(audit.stdout) as AuditReport;
    rows.push(
      [`${size}`, 'audit', String(audit.code), seconds(audit.wallMs), (audit.wallMs / validate.wallMs).toFixed(1), mib(audit.peakBytes), `${report.sessionSeconds ?? '?'} s`, `${report.seconds ?? '?'} s`],
      [`${size}`, 'validate', String(validate.code), seconds(validate.wallMs), '1.0', mib(validate.peakBytes), '', ''],
    );
  } finally {
    await warehouse.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${textTable(['sales', 'command', 'exit', 'wall s', 'ratio', 'peak MiB', 'Spark session', 'audit job'], rows, ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right'])}`);
console.log('\nwall: the whole command (the audit: venv check, settle wait, spark-submit, JVM start, the job); ratio: to validate on the same warehouse;');
console.log('peak: RSS of the command and its children (the audit: Node, Python and the Spark JVM); Spark session: start-up to a ready SparkSession; audit job: decode, recompute, compare, write.');
process.exit(0);
