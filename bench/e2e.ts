/**
 * `npm run bench:e2e [-- --rows N] [-- --drops K] [-- --modes embedded,stack] [-- --log-budget-mib M] [-- --peer spark]`:
 * the whole pipeline, from the first source byte to the last gold row in the
 * warehouse (wall time and the Node process's peak memory), in embedded mode
 * and in stack mode (`medallion up`'s pipeline: it clears the local stack's
 * pipeline topics and tables first), next to the plain-SQL baseline on the same
 * PostgreSQL in the same run: COPY of the same data (the dataset's truth,
 * expected/clean/*.csv) into tables and the reference gold SQL over them. Then,
 * per mode, the latency from a row landing (a one-row CSV renamed into the
 * landing folder) to its row in gold.fact_sales, p50 and p99. And the
 * warehouse's own share: COPY of the rows the pipeline landed (every silver and
 * gold table, as the run left them) into empty copies of those tables, the least
 * PostgreSQL alone spends on what the pipeline must land, before any processing.
 * With `--peer spark`, per mode, the seed's approach on the same data and the same PostgreSQL
 * (bench/spark-peer.ts): a PySpark batch from the tidy form of the dataset to gold, its wall
 * time, its process tree's peak memory, and the mode's wall time as a ratio of it.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { CLEAN_ENTITIES, cleanTablesDdl } from '../generator/clean-tables.ts';
import { generateDataset } from '../generator/generate-dataset.ts';
import type { Manifest } from '../generator/manifest.ts';
import { MANIFEST_PATH } from '../generator/output-dir.ts';
import { startEmbeddedPipeline } from '../pipeline/embedded-pipeline.ts';
import { DEFAULT_BUDGET_BYTES } from '../transport/in-process/log-storage.ts';
import type { PipelineEvent } from '../pipeline/pipeline-events.ts';
import type { RunningPipeline } from '../pipeline/pipeline-parts.ts';
import { startStackPipeline } from '../pipeline/stack-pipeline.ts';
import { compareWithExpectedGold, goldMatches } from '../checks/expected-gold.ts';
import { manifestCaughtUp, pipelineSettled } from '../pipeline/pipeline-settled.ts';
import { textTable } from '../core/text-table.ts';
import { layerContracts } from '../schemas/layer-contracts.ts';
import { stackHome } from '../config/paths.ts';
import type { PythonEnv } from '../stack/python-venv.ts';
import { runSparkPeer, sparkPeerVenv, type PeerFigures } from './spark-peer.ts';

const MODES = { embedded: startEmbeddedPipeline, stack: startStackPipeline } as const;
type Mode = keyof typeof MODES;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    drops: { type: 'string', default: '40' },
    modes: { type: 'string', default: 'embedded,stack' },
    'log-budget-mib': { type: 'string', default: String(DEFAULT_BUDGET_BYTES / 2 ** 20) },
    peer: { type: 'string' },
  },
});
const rows = Number(values.rows);
const drops = Number(values.drops);
const modes = values.modes.split(',');
const logBudgetMib = Number(values['log-budget-mib']);
const peer = values.peer;
if (!Number.isInteger(rows) || rows < 100 || !Number.isInteger(drops) || drops < 1 || !modes.every((m): m is Mode => m in MODES) || !(logBudgetMib > 0) || (peer !== undefined && peer !== 'spark')) {
  console.error(
    `--rows must be a whole number of at least 100, --drops at least 1, --modes a list of embedded and stack, --log-budget-mib a number of MiB above 0, --peer spark or absent (got ${values.rows}, ${values.drops}, ${values.modes}, ${values['log-budget-mib']}, ${peer ?? 'no peer'})`,
  );
  process.exit(2);
}

if (modes.length > 1) {
  // Each mode in a process of its own: peak memory is the mode's own, and nothing one run leaves in the process reaches the next.
  for (const mode of modes) {
    const args = ['--rows', String(rows), '--drops', String(drops), '--modes', mode, '--log-budget-mib', String(logBudgetMib), ...(peer === undefined ? [] : ['--peer', peer])];
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

const root = mkdtempSync(path.join(tmpdir(), 'bench-e2e-'));
// PostgreSQL runs as its own account when this runs as root.
chmodSync(root, 0o755);
const dataset = path.join(root, 'dataset');
const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** COPY the truth into schema clean, then warehouse/reference/gold.sql over it: what plain SQL needs for the same gold. */
async function sqlBaseline(client: pg.Client): Promise<number> {
  await client.query('DROP SCHEMA IF EXISTS clean CASCADE');
  const begun = performance.now();
  await client.query(cleanTablesDdl());
  for (const entity of CLEAN_ENTITIES) {
    const csv = path.join(dataset, 'expected', 'clean', `${entity}.csv`);
    await streamPipeline(createReadStream(csv), client.query(copyFrom(`COPY clean.${entity} FROM STDIN (FORMAT csv, HEADER true)`)));
  }
  await client.query(readFileSync(new URL('../warehouse/reference/gold.sql', import.meta.url), 'utf8'));
  const elapsed = performance.now() - begun;
  await client.query('DROP SCHEMA clean CASCADE; DROP SCHEMA reference CASCADE');
  return elapsed;
}

/** COPY of every silver and gold table's rows, as the pipeline left them, into empty copies (same columns, keys and indexes): the warehouse's work alone. */
async function landingFloor(client: pg.Client): Promise<number> {
  const tables = [...layerContracts('silver'), ...layerContracts('gold')].map((c) => `${c.layer}.${c.name}`);
  const rows = new Map<string, Buffer>();
  for (const table of tables) {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(`COPY ${table} TO STDOUT`))) chunks.push(chunk as Buffer);
    rows.set(table, Buffer.concat(chunks));
  }
  await client.query('DROP SCHEMA IF EXISTS landing_floor CASCADE; CREATE SCHEMA landing_floor');
  const copyOf = (table: string): string => `landing_floor.${table.replace('.', '_')}`;
  for (const table of tables) await client.query(`CREATE TABLE ${copyOf(table)} (LIKE ${table} INCLUDING ALL)`);
  const begun = performance.now();
  for (const [table, data] of rows) await streamPipeline(Readable.from([data]), client.query(copyFrom(`COPY ${copyOf(table)} FROM STDIN`)));
  const elapsed = performance.now() - begun;
  await client.query('DROP SCHEMA landing_floor CASCADE');
  return elapsed;
}

console.log(`generating ${rows.toLocaleString('en-US')} sales rows (untidy) into ${dataset}`);
await generateDataset({ out: dataset, scale: rows, seed: 7, untidy: true, force: false }, () => {});
const manifest = JSON.parse(readFileSync(path.join(dataset, MANIFEST_PATH), 'utf8')) as Manifest;

// The peer reads the tidy form of the same seed and scale: the same truth, so the same expected gold.
const home = stackHome();
const peerVenv: PythonEnv | string | undefined = peer === undefined ? undefined : sparkPeerVenv(home);
const tidyDataset = path.join(root, 'dataset-tidy');
if (typeof peerVenv === 'string') console.log(`peer spark skipped: ${peerVenv}`);
else if (peerVenv !== undefined) {
  console.log(`generating the same dataset, tidy, for the Spark peer into ${tidyDataset}`);
  await generateDataset({ out: tidyDataset, scale: rows, seed: 7, untidy: false, force: false }, () => {});
}

const SOURCE_PARTS = new Set<PipelineEvent['part']>(['file-source', 'blob-source', 'carts-source', 'mysql-snapshot']);

interface ModeFigures {
  readonly mode: Mode;
  readonly wallMs: number;
  readonly peakRss: number;
  readonly same: boolean;
  readonly latencies: readonly number[];
  readonly baselineMs: number;
  readonly floorMs: number;
  readonly peer: PeerFigures | undefined;
}

/** Drops one-row sales files into the landing folder, one at a time, timing each until its row is in gold.fact_sales. */
async function landingLatencies(pipeline: RunningPipeline, client: pg.Client, mode: Mode): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 1; i <= drops; i++) {
    const salesId = (mode === 'stack' ? 60_000_000 : 50_000_000) + i;
    const staged = path.join(root, `drop-${mode}-${i}.csv`);
    writeFileSync(staged, `SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber\n${salesId},1,1,1,1,0,1.00,2018-05-10 12:00:00,BENCH-${mode}-${i}\n`);
    const landed = performance.now();
    renameSync(staged, path.join(pipeline.landing, `sales-9${String(i).padStart(6, '0')}.csv`));
    for (;;) {
      const found = await client.query('SELECT 1 FROM gold.fact_sales WHERE sale_id = $1', [`store-${salesId}`]);
      if (found.rowCount === 1) break;
      await sleep(10);
    }
    latencies.push(performance.now() - landed);
  }
  return latencies.sort((a, b) => a - b);
}

async function runMode(mode: Mode): Promise<ModeFigures> {
  console.log(`${mode} mode: starting`);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  // The clock starts at the first thing a source reports: the first byte read, after the servers and processors are up.
  let started = 0;
  const pipeline = await MODES[mode]({
    dataset,
    workDir: path.join(root, `work-${mode}`),
    // Embedded mode's log keeps this much in memory, the rest in its segment files.
    ...(mode === 'embedded' ? { logBudgetBytes: Math.round(logBudgetMib * 2 ** 20) } : {}),
    onEvent: (e) => {
      if (started === 0 && SOURCE_PARTS.has(e.part)) started = performance.now();
    },
  });
  try {
    await pipelineSettled(pipeline, () => manifestCaughtUp(pipeline.sources, manifest));
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const client = new pg.Client({ connectionString: pipeline.connections.warehouseUrl });
    await client.connect();
    try {
      const same = goldMatches(await compareWithExpectedGold(client, path.join(dataset, 'expected', 'gold')));
      const baselineMs = await sqlBaseline(client);
      const floorMs = await landingFloor(client);
      if (typeof peerVenv === 'object') console.log(`${mode} mode: the Spark peer on the same PostgreSQL (the pipeline idle)`);
      const peerFigures = typeof peerVenv === 'object' ? await runSparkPeer(peerVenv, home, tidyDataset, pipeline.connections.warehouseUrl, client) : undefined;
      const latencies = await landingLatencies(pipeline, client, mode);
      return { mode, wallMs, peakRss, same, latencies, baselineMs, floorMs, peer: peerFigures };
    } finally {
      await client.end();
    }
  } finally {
    clearInterval(sampler);
    await pipeline.stop();
  }
}

try {
  const figures: ModeFigures[] = [];
  for (const mode of modes as Mode[]) figures.push(await runMode(mode));
  const tableRows: string[][] = [];
  for (const f of figures) {
    tableRows.push([`COPY + reference SQL on ${f.mode}'s PostgreSQL`, seconds(f.baselineMs), '1.00×', '', '', '', 'the truth loaded with COPY, gold by warehouse/reference/gold.sql']);
    tableRows.push([`COPY of the pipeline's silver + gold rows`, seconds(f.floorMs), `${(f.floorMs / f.baselineMs).toFixed(2)}×`, '', '', '', 'the warehouse alone: the rows the run landed, COPYed into empty copies of their tables']);
    tableRows.push([
      `${f.mode} pipeline`,
      seconds(f.wallMs),
      `${(f.wallMs / f.baselineMs).toFixed(2)}×`,
      mib(f.peakRss),
      seconds(percentile(f.latencies, 50)),
      seconds(percentile(f.latencies, 99)),
      `every source → bronze → silver → gold → warehouse; gold ${f.same ? 'equals' : 'DIFFERS FROM'} the expected gold`,
    ]);
    if (f.peer !== undefined) {
      const p = f.peer;
      tableRows.push([
        "the seed's approach: one PySpark batch",
        seconds(p.wallMs),
        `${(p.wallMs / f.baselineMs).toFixed(2)}×`,
        mib(p.peakRss),
        '',
        '',
        `local[2], tidy CSVs → gold → JDBC; session ${seconds(p.sessionMs)} s, job ${seconds(p.jobMs)} s; gold ${p.same ? 'equals' : 'DIFFERS FROM'} the expected gold`,
      ]);
    }
  }
  console.log(`\n${textTable(['run', 'wall s', 'ratio', 'peak RSS MiB', 'p50 s', 'p99 s', 'note'], tableRows, ['left', 'right', 'right', 'right', 'right', 'right', 'left'])}`);
  for (const f of figures) {
    if (f.peer !== undefined) console.log(`\n${f.mode} ÷ the Spark peer: wall ${(f.wallMs / f.peer.wallMs).toFixed(2)}×, peak RSS ${(f.peakRss / f.peer.peakRss).toFixed(2)}×`);
  }
  console.log(`\nwall: first source byte to last gold row in the warehouse; peak RSS: this Node process (the pipeline, minus the servers); p50/p99: ${drops} one-row CSVs, each from landing to its gold.fact_sales row (the file source first waits for a file to settle, 200 ms).`);
  if (figures.some((f) => f.peer !== undefined)) {
    console.log("the Spark peer: wall is spark-submit's start to its exit (JVM, ivy's cached packages, session, job); session and job apart; peak RSS: its process tree (JVM and Python).");
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
