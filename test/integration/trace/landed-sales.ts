import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@confluentinc/schemaregistry';
import { fileSourceSerde } from '../../../connectors/file-source/file-ingest.ts';
import { FileSource } from '../../../connectors/file-source/file-source.ts';
import { runProcessor } from '../../../processors/runtime/processor-runtime.ts';
import { silverProcessors } from '../../../processors/silver/silver-processors.ts';
import type { Transport } from '../../../transport/transport.ts';

export const SALES_HEADER = 'SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber';

/**
 * Drops each file (its rows after the header) into a landing folder of its own, one after
 * another, each once the previous one's rows are read (produced or dead-lettered), then
 * runs the silver sales processor until it has taken them all: the trace and Topics tests' sales.
 */
export async function landSales(transport: Transport, registry: Client, prefix: string, files: readonly (readonly string[])[], cleanups: (() => Promise<void> | void)[]): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'medallion-landed-sales-'));
  const landing = path.join(root, 'landing');
  mkdirSync(landing);
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  let read = 0;
  const source = await FileSource.start({
    landing,
    transport,
    serde: fileSourceSerde(registry),
    topicPrefix: prefix,
    sourceName: `test-${prefix}`,
    settleMs: 100,
    finishMs: 500,
    onEvent: (event) => {
      if (event.kind === 'batch-committed') read += event.produced + event.deadLettered;
    },
  });
  try {
    let expected = 0;
    for (const [i, rows] of files.entries()) {
      writeFileSync(path.join(landing, `sales-${String(i + 1).padStart(4, '0')}.csv`), `${SALES_HEADER}\n${rows.map((row) => `${row}\n`).join('')}`);
      expected += rows.length;
      for (const deadline = Date.now() + 60_000; read < expected; await sleep(100)) if (Date.now() > deadline) throw new Error(`only ${read} of ${expected} rows read`);
    }
  } finally {
    await source.stop();
  }
  const silverSales = silverProcessors({ registry, partitions: 3, topicPrefix: prefix }).find((p) => p.name === 'silver-sales')!;
  const running = await runProcessor(silverSales, { transport, registry, namespace: prefix });
  try {
    await running.whenIdle();
    while ((await running.currentLag()) > 0) await running.whenIdle();
  } finally {
    await running.stop();
  }
}
