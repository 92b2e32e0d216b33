/**
 * `npm run bench:ingest [-- --rows N]`: rows per second from a CSV of sales into
 * bronze through the file-source sidecar, on the in-process log and on Kafka
 * (the local stack, or MEDALLION_KAFKA_*), next to the same file only read and
 * parsed by the sidecar's own CSV reader in the same run.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConnections } from '../config/connections.ts';
import { readCsv } from '../connectors/contract/csv-reader.ts';
import { FileSource } from '../connectors/file-source/file-source.ts';
import { FILE_SOURCE_DEFAULTS } from '../connectors/file-source/file-source-options.ts';
import { fileSourceTopics, fileSourceTopicSpecs } from '../connectors/file-source/file-source-topics.ts';
import { contractSubjects } from '../schemas/contract-subjects.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { fileSourceSerde } from '../connectors/file-source/file-ingest.ts';
import { registerSchemas } from '../schemas/registration.ts';
import { registryClient } from '../schemas/registry-client.ts';
import type { Client } from '@confluentinc/schemaregistry';
import { InProcessTransport } from '../transport/in-process/in-process-transport.ts';
import { KafkaTransport } from '../transport/kafka/kafka-transport.ts';
import type { Transport } from '../transport/transport.ts';
import { writeSalesCsv } from './sales-csv.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, 'batch-rows': { type: 'string' } } });
const rows = Number(values.rows);
const batchRows = Number(values['batch-rows'] ?? FILE_SOURCE_DEFAULTS.batchRows);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(batchRows) || batchRows < 1) {
  console.error(`--rows and --batch-rows must be whole numbers above 0 (got ${values.rows}, ${values['batch-rows']})`);
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
const csv = join(root, 'sales-0001.csv');

/** The sidecar's parser alone: the same blocks and the same reader, no typing, no producing. */
async function parseOnly(): Promise<number> {
  const handle = await open(csv, 'r');
  const size = statSync(csv).size;
  const begun = performance.now();
  let position = 0;
  let line = 1;
  let parsed = 0;
  while (position < size) {
    const bytes = Buffer.allocUnsafe(Math.min(FILE_SOURCE_DEFAULTS.blockBytes, size - position));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, position);
    const chunk = readCsv(bytes.subarray(0, bytesRead), position, line, position + bytesRead >= size);
    if (chunk.kind !== 'rows') throw new Error(`the benchmark file is unreadable: ${chunk.reason}`);
    parsed += chunk.rows.length;
    [position, line] = [chunk.end, chunk.line];
  }
  const seconds = (performance.now() - begun) / 1000;
  await handle.close();
  if (parsed !== rows + 1) throw new Error(`parsed ${parsed} records, expected ${rows + 1}`);
  return rows / seconds;
}

/** The whole sidecar: from seeing the file to the last row committed in bronze. */
async function ingest(label: string, transport: Transport, registry: Client, prefix: string): Promise<number> {
  const landing = join(root, label, 'landing');
  mkdirSync(landing, { recursive: true });
  await writeSalesCsv(join(landing, 'sales-0001.csv'), rows);
  let begun = 0;
  let produced = 0;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const source = await FileSource.start({
    landing,
    transport,
    serde: fileSourceSerde(registry),
    topicPrefix: prefix,
    sourceName: `bench-${prefix}`,
    settleMs: 1,
    finishMs: 3_600_000,
    batchRows,
    onEvent: (event) => {
      if (event.kind === 'file-seen') begun = performance.now();
      if (event.kind === 'step-failed') console.error(`  ${label}: ${event.error.message}`);
      if (event.kind === 'batch-committed' && (produced += event.produced) >= rows) finished();
    },
  });
  await done;
  const seconds = (performance.now() - begun) / 1000;
  await source.stop();
  return rows / seconds;
}

async function onKafka(): Promise<number | string> {
  const { kafka, registry } = resolveConnections();
  const client = registryClient(registry);
  try {
    await registerSchemas(client, contractSubjects());
  } catch (error) {
    return `skipped: the registry is not reachable (${(error as Error).message.split('\n')[0]}); start it with \`medallion stack up registry\``;
  }
  const transport = await KafkaTransport.open({ kafka });
  const prefix = `bench.${randomBytes(4).toString('hex')}.`;
  try {
    return await ingest('kafka', transport, client, prefix);
  } finally {
    await transport.deleteTopics(fileSourceTopicSpecs(fileSourceTopics(prefix), 1).map((t) => t.name));
    await transport.close();
  }
}

try {
  await writeSalesCsv(csv, rows);
  const mb = statSync(csv).size / 1e6;
  console.log(`${rows.toLocaleString('en-US')} sales rows (${mb.toFixed(1)} MB), ${batchRows} rows per transaction\n`);
  const parse = await parseOnly();
  const inProcess = await ingest('in-process', new InProcessTransport(), await embeddedRegistry(), 'bench.');
  const kafka = await onKafka();
  const show = (label: string, rate: number | string): void =>
    console.log(typeof rate === 'string' ? `${label.padEnd(22)} ${rate}` : `${label.padEnd(22)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} rows/s   ${(rate / parse).toFixed(2)}× parse-only`);
  show('parse only', parse);
  show('→ bronze, in-process', inProcess);
  show('→ bronze, Kafka', kafka);
  console.log('\ngoal: ≥ 0.50× parse-only and ≥ 100,000 rows/s on Kafka');
} finally {
  rmSync(root, { recursive: true, force: true });
}
