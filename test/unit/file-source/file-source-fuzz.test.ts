import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../connectors/file-source/file-source.ts';
import type { FileSourceEvent } from '../../../connectors/file-source/file-source-events.ts';
import { fileSourceSerde } from '../../../connectors/file-source/file-ingest.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { csvFile, type CsvFileCase, type CsvTable, expectEveryRowOnce, expectKnownReasons, FUZZ_SEED, landingsByPosition } from '../fuzz-arbitraries.ts';
import { waitFor } from './delivery-invariants.ts';
import { positionOf, readLanded } from './file-source-behaviour.ts';

// Cases: RUNS runs of FILES fuzzed files of up to ROWS rows, each file and each row accounted for on its own:
// 6 × 200 = 1,200 files, and their rows: 1–8 a file (4.5 on average) in the nine files of ten that are not random bytes: 4,133 with the fixed seed.
const RUNS = 6;
const FILES = 200;
const ROWS = 8;

const SALES: CsvTable = {
  header: ['SalesID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'Discount', 'TotalPrice', 'SalesDate', 'TransactionNumber'],
  good: (id) => [String(id), '2', '3', '4', String((id % 9) + 1), '0.10', '12.50', '2018-02-05 07:38:25.430', `T${id}`],
};

const QUARANTINED = { 'latin-1': 'encoding', 'utf-16': 'binary' } as const;

const log = new InProcessLog();

const files = fc.tuple(...Array.from({ length: FILES }, (_, k) => csvFile(SALES, k * 100 + 1, ROWS)));

async function landsEveryRowOnce(cases: readonly CsvFileCase[]): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'file-source-fuzz-'));
  const landing = join(root, 'landing');
  mkdirSync(landing);
  const prefix = `test.fs-fuzz.${randomBytes(4).toString('hex')}.`;
  const transport = new InProcessTransport(log);
  const client = await embeddedRegistry();
  const events: FileSourceEvent[] = [];
  const names = cases.map((_, k) => `sales-fuzz-${String(k).padStart(3, '0')}.csv`);
  cases.forEach((c, k) => writeFileSync(join(landing, names[k]!), c.bytes));
  const source = await FileSource.start({ landing, transport, serde: fileSourceSerde(client), topicPrefix: prefix, sourceName: prefix, settleMs: 50, finishMs: 200, onEvent: (event) => events.push(event) });
  try {
    await waitFor('every file archived or quarantined', () => {
      // A step that fails is retried: with a hostile file that is the source stuck on it.
      const failed = events.find((e) => e.kind === 'step-failed');
      if (failed !== undefined) throw failed.error;
      return readdirSync(landing).length === 0;
    }, 60_000);
  } finally {
    await source.stop();
  }
  await expect(source.done).resolves.toBeUndefined();

  const { bronze, deadLetters } = await readLanded(transport, client, prefix);
  const sales = bronze.sales;
  const letters = deadLetters.sales;
  expectKnownReasons(letters);
  const outcomes = landingsByPosition(sales, letters, positionOf);
  const quarantined = new Map(events.flatMap((e) => (e.kind === 'file-quarantined' ? [[e.path.split('/').pop()!, e.reason] as const] : [])));
  const skipped = new Map(events.flatMap((e) => (e.kind === 'rows-skipped' ? [[e.path.split('/').pop()!, e.rows] as const] : [])));

  for (const [k, file] of cases.entries()) {
    const name = names[k]!;
    if (file.damage === 'latin-1' || file.damage === 'utf-16') {
      expect(quarantined.get(name), name).toBe(QUARANTINED[file.damage]);
      continue;
    }
    if (file.damage === 'random-bytes') continue;
    expect(quarantined.has(name), `${name} quarantined`).toBe(false);
    expectEveryRowOnce(file, name, outcomes, skipped.get(name), (id) => ({ sales_id: id, transaction_number: `T${id}`, quantity: (id % 9) + 1 }));
  }
  const counts = source.snapshot().entities.sales;
  expect(counts).toEqual({ rowsRead: counts.produced + counts.deadLettered, produced: sales.length, deadLettered: letters.length });
  rmSync(root, { recursive: true, force: true });
}

describe('file source, fed fuzzed CSV files', () => {
  it('archives or quarantines every file and puts every row in bronze or dlq.sales once, whatever the bytes', async () => {
    await fc.assert(fc.asyncProperty(files, landsEveryRowOnce), { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true });
  }, 240_000);
});
