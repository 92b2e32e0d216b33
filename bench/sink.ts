/**
 * `npm run bench:sink [-- --rows N --runs N]`: rows per second into gold.fact_sales
 * through the TypeScript warehouse sink (from the in-process log, so the figure is
 * the sink's and the warehouse's, not Kafka's), next to `psql \copy` of the same
 * rows into the same table in the same run. Runs against the local stack's
 * PostgreSQL, in a database of its own that it drops at the end. The two take
 * turns, each into the emptied table, `--runs` times (default 3), and each
 * figure is the median of its runs: one run on a shared machine says little.
 *
 * With `--jdbc` (the whole local stack up), also Kafka Connect's JDBC sink
 * connector: connect-config/warehouse-gold-sink.json pointed at a topic and a
 * database of the run's own, timed from its first row to its last (the
 * connector's start-up left out).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@confluentinc/schemaregistry';
import { ConnectClient } from '../connect-config/connect-client.ts';
import { loadConnectorSpecs } from '../connect-config/connector-files.ts';
import { placeholderValues } from '../connect-config/placeholders.ts';
import { resolveConnections } from '../config/connections.ts';
import { contractSubjects } from '../schemas/contract-subjects.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { registerSchemas } from '../schemas/registration.ts';
import { registryClient } from '../schemas/registry-client.ts';
import { KafkaTransport } from '../transport/kafka/kafka-transport.ts';
import { goldSerde } from '../schemas/layer-serde.ts';
import { stackEndpoints } from '../config/stack-endpoints.ts';
import { withWarehouse } from '../pipeline/warehouse-connection.ts';
import { scratchWarehouse } from '../stack/scratch-warehouse.ts';
import { InProcessTransport } from '../transport/in-process/in-process-transport.ts';
import type { OutgoingRecord } from '../transport/transport.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { copyField, pgText } from '../warehouse/sink/pg-text.ts';
import { SINK_DEFAULTS } from '../warehouse/sink/sink-options.ts';
import { startWarehouseSink } from '../warehouse/sink/warehouse-sink.ts';
import { syntheticFactSale } from './fact-sales.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, batch: { type: 'string', default: String(SINK_DEFAULTS.maxBatch) }, runs: { type: 'string', default: '3' }, jdbc: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
const maxBatch = Number(values.batch);
const runs = Number(values.runs);
if (![rows, maxBatch, runs].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(`--rows, --batch and --runs must be whole numbers above 0 (got ${values.rows}, ${values.batch}, ${values.runs})`);
  process.exit(2);
}

const endpoint = stackEndpoints().postgres;
const warehouse = await scratchWarehouse();
const writerUrl = warehouse.url('writer');
const FACT_COLUMNS = ['sale_id', 'channel', 'order_id', 'sold_at', 'sale_date', 'customer_id', 'employee_id', 'product_id', 'quantity', 'unit_price', 'discount', 'net_amount'] as const;
const sales = Array.from({ length: rows }, (_, i) => syntheticFactSale(i + 1));

async function truncate(): Promise<void> {
  await withWarehouse(writerUrl, (writer) => writer.query('TRUNCATE gold.fact_sales; DELETE FROM meta.sink_positions'));
}

/** The rows as the sink reads them, encoded once for every run. */
async function sinkInput(): Promise<{ registry: Client; records: OutgoingRecord[] }> {
  const registry = await embeddedRegistry();
  const serde = goldSerde(registry);
  const records = await Promise.all(
    sales.map(async (s) => ({ topic: 'gold.fact_sales', key: await serde.key.serialize('fact_sales', { sale_id: s.sale_id }), value: await serde.value.serialize('fact_sales', s) })),
  );
  return { registry, records };
}

/** The TypeScript sink from the log's first record until every row is committed. */
async function tsSinkRate({ registry, records }: { registry: Client; records: readonly OutgoingRecord[] }): Promise<number> {
  const transport = new InProcessTransport();
  await transport.ensureTopics([{ name: 'gold.fact_sales', partitions: 3 }]);
  const producer = await transport.producer('bench-sink');
  for (let i = 0; i < records.length; i += 10_000) await producer.transaction((tx) => tx.send(records.slice(i, i + 10_000)));
  const begun = performance.now();
  const sink = await startWarehouseSink({ transport, registry, warehouseUrl: writerUrl, topics: ['gold.fact_sales'], name: 'bench', maxBatch });
  await sink.settled();
  const seconds = (performance.now() - begun) / 1000;
  await sink.stop();
  await transport.close();
  const written = sink.snapshot().tables['gold.fact_sales']?.upserted ?? 0;
  if (written !== rows) throw new Error(`the sink wrote ${written} rows, expected ${rows}`);
  return rows / seconds;
}

/** The same rows as a COPY text file for psql. */
function copyFile(dir: string): string {
  const file = join(dir, 'fact_sales.tsv');
  writeFileSync(file, sales.map((s) => FACT_COLUMNS.map((c) => copyField(pgText(s[c]))).join('\t')).join('\n') + '\n');
  return file;
}

/** psql's \copy of the same rows (COPY text), including psql's start and connection, as a user would run it. */
function copyRate(file: string): number {
  const begun = performance.now();
  const result = spawnSync('psql', [writerUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy gold.fact_sales (${FACT_COLUMNS.join(', ')}) FROM '${file}'`], { encoding: 'utf8' });
  const seconds = (performance.now() - begun) / 1000;
  if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr || result.error?.message}`);
  if (!result.stdout.includes(`COPY ${rows}`)) throw new Error(`psql \\copy said ${result.stdout.trim()}, expected COPY ${rows}`);
  return rows / seconds;
}

function median(rates: readonly number[]): number {
  const sorted = [...rates].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rows in gold.fact_sales of the bench database now. */
async function factRows(): Promise<number> {
  return withWarehouse(writerUrl, async (client) => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM gold.fact_sales')).rows[0]!.n);
}

/**
 * Kafka Connect's JDBC sink connector (connect-config/warehouse-gold-sink.json as
 * the project applies it) on a topic of this run holding the same rows, into the
 * bench database: rows per second from the first row it wrote to the last.
 */
async function jdbcSinkRate(): Promise<number | string> {
  if (values.jdbc !== true) return 'not measured (pass --jdbc, with the whole local stack up)';
  const connections = resolveConnections();
  const spec = loadConnectorSpecs(placeholderValues(connections)).find((s) => s.name === 'warehouse-gold-sink');
  if (spec === undefined) return 'not measured: connect-config/warehouse-gold-sink.json is missing';
  const registry = registryClient(connections.registry);
  await registerSchemas(registry, contractSubjects());
  const serde = goldSerde(registry);
  const run = randomBytes(4).toString('hex');
  const topic = `bench.${run}.gold.fact_sales`;
  const transport = await KafkaTransport.open({ kafka: connections.kafka });
  const connect = new ConnectClient(connections.connectUrl);
  const name = `bench-jdbc-${run}`;
  try {
    await transport.ensureTopics([{ name: topic, partitions: 3 }]);
    const producer = await transport.producer(`bench-jdbc-${run}`);
    const records = await Promise.all(sales.map(async (s) => ({ topic, key: await serde.key.serialize('fact_sales', { sale_id: s.sale_id }), value: await serde.value.serialize('fact_sales', s) })));
    for (let i = 0; i < records.length; i += 10_000) await producer.transaction((tx) => tx.send(records.slice(i, i + 10_000)));
    await producer.close();
    const config = Object.fromEntries(Object.entries(spec.config).filter(([key]) => key !== 'topics.regex'));
    const jdbcUrl = `jdbc:postgresql://${endpoint.host}:${endpoint.port}/${warehouse.database}`;
    await connect.putConfig(name, { ...config, topics: topic, 'connection.url': jdbcUrl, 'transforms.table.regex': '.*gold\\.(.+)' });
    let first: number | undefined;
    let rowsAtFirst = 0;
    for (;;) {
      const n = await factRows();
      if (n > 0 && first === undefined) [first, rowsAtFirst] = [performance.now(), n];
      if (n >= rows) break;
      const status = await connect.status(name);
      const failed = status?.tasks.find((t) => t.state === 'FAILED');
      if (status?.connector.state === 'FAILED' || failed !== undefined) return `failed: ${(failed?.trace ?? status?.connector.trace ?? '').split('\n')[0]}`;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - first!) / 1000;
    return seconds === 0 ? 'too fast to time: pass more --rows' : (rows - rowsAtFirst) / seconds;
  } finally {
    await connect.delete(name);
    await transport.deleteTopics([topic]);
    await transport.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-sink-'));
try {
  await withWarehouse(warehouse.url('owner'), migrateWarehouse);
  console.log(`${rows.toLocaleString('en-US')} gold.fact_sales rows into PostgreSQL ${endpoint.host}:${endpoint.port}, sink batches of ${maxBatch.toLocaleString('en-US')}, median of ${runs} run(s) each\n`);
  const [file, input] = [copyFile(dir), await sinkInput()];
  const copies: number[] = [];
  const sinks: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    copies.push(copyRate(file));
    await truncate();
    sinks.push(await tsSinkRate(input));
    await truncate();
  }
  const [copy, ts] = [median(copies), median(sinks)];
  const jdbc = await jdbcSinkRate();
  const line = (label: string, rate: number | string): void =>
    console.log(typeof rate === 'string' ? `${label.padEnd(22)} ${rate}` : `${label.padEnd(22)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} rows/s   ${(rate / copy).toFixed(2)}× \\copy`);
  line('psql \\copy', copy);
  line('TypeScript sink', ts);
  line('JDBC sink connector', jdbc);
  console.log('\ngoal: TypeScript sink ≥ 0.50× \\copy');
} finally {
  rmSync(dir, { recursive: true, force: true });
  await warehouse.drop();
}
