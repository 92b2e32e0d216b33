/**
 * `npm run bench:e2e [-- --rows N] [-- --drops K]`: the whole pipeline in
 * embedded mode, from the first CSV byte to the last gold row in the warehouse
 * (wall time and the Node process's peak memory), next to the plain-SQL
 * baseline on the same PostgreSQL in the same run: COPY of the same data (the
 * dataset's truth, expected/clean/*.csv) into tables and the reference gold
 * SQL over them. Then the latency from a row landing (a one-row CSV renamed
 * into the landing folder) to its row in gold.fact_sales, p50 and p99.
 */
import { createReadStream, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CLEAN_ENTITIES, cleanTablesDdl } from '../generator/clean-tables.ts';
import { generateDataset } from '../generator/generate-dataset.ts';
import type { Manifest } from '../generator/manifest.ts';
import { MANIFEST_PATH } from '../generator/output-dir.ts';
import { startEmbeddedPipeline } from '../pipeline/embedded-pipeline.ts';
import { compareWithExpectedGold, goldMatches } from '../pipeline/expected-gold.ts';
import { pipelineSettled } from '../pipeline/pipeline-settled.ts';
import { textTable } from '../cli/text-table.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, drops: { type: 'string', default: '40' } } });
const rows = Number(values.rows);
const drops = Number(values.drops);
if (!Number.isInteger(rows) || rows < 100 || !Number.isInteger(drops) || drops < 1) {
  console.error(`--rows must be a whole number of at least 100 and --drops at least 1 (got ${values.rows}, ${values.drops})`);
  process.exit(2);
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

console.log(`generating ${rows.toLocaleString('en-US')} sales rows (untidy) into ${dataset}`);
await generateDataset({ out: dataset, scale: rows, seed: 7, untidy: true, force: false }, () => {});
const manifest = JSON.parse(readFileSync(path.join(dataset, MANIFEST_PATH), 'utf8')) as Manifest;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
// The clock starts when the sources start (the first CSV byte), after the servers and the processors are up.
let started = 0;
const pipeline = await startEmbeddedPipeline({
  dataset,
  workDir: path.join(root, 'work'),
  onEvent: (e) => {
    if (e.part === 'pipeline' && e.event.message.startsWith('starting the sources')) started = performance.now();
  },
});
try {
  await pipelineSettled(pipeline, manifest);
  const embeddedMs = performance.now() - started;
  clearInterval(sampler);

  const client = new pg.Client({ connectionString: pipeline.connections.warehouseUrl });
  await client.connect();
  try {
    const same = goldMatches(await compareWithExpectedGold(client, path.join(dataset, 'expected', 'gold')));
    const baselineMs = await sqlBaseline(client);

    const latencies: number[] = [];
    for (let i = 1; i <= drops; i++) {
      const salesId = 50_000_000 + i;
      const staged = path.join(root, `drop-${i}.csv`);
      writeFileSync(staged, `SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber\n${salesId},1,1,1,1,0,1.00,2018-05-10 12:00:00,BENCH-${i}\n`);
      const landed = performance.now();
      renameSync(staged, path.join(pipeline.landing, `sales-9${String(i).padStart(6, '0')}.csv`));
      for (;;) {
        const found = await client.query('SELECT 1 FROM gold.fact_sales WHERE sale_id = $1', [`store-${salesId}`]);
        if (found.rowCount === 1) break;
        await sleep(10);
      }
      latencies.push(performance.now() - landed);
    }
    latencies.sort((a, b) => a - b);

    console.log(
      `\n${textTable(
        ['run', 'wall s', 'ratio', 'peak RSS MiB', 'note'],
        [
          ['COPY + reference SQL (baseline)', seconds(baselineMs), '1.00×', '', 'the truth loaded with COPY, gold by warehouse/reference/gold.sql'],
          ['embedded pipeline', seconds(embeddedMs), `${(embeddedMs / baselineMs).toFixed(2)}×`, mib(peakRss), `all four sources → bronze → silver → gold → warehouse; gold ${same ? 'equals' : 'DIFFERS FROM'} the expected gold`],
        ],
        ['left', 'right', 'right', 'right', 'left'],
      )}`,
    );
    console.log(`\nlatency from a row landing to its gold.fact_sales row (embedded, ${drops} one-row files): p50 ${seconds(percentile(latencies, 50))} s, p99 ${seconds(percentile(latencies, 99))} s`);
    console.log('(the file source waits for a file to settle — 300 ms in embedded mode — before it reads it; that wait is part of the figure)');
  } finally {
    await client.end();
  }
} finally {
  clearInterval(sampler);
  await pipeline.stop();
  rmSync(root, { recursive: true, force: true });
}
