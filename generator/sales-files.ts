import type { CleanFileWriter } from './clean-file-writer.ts';
import { salesStyle } from './file-styles.ts';
import { GeneratorError } from './generator-error.ts';
import type { Rng } from './prng.ts';
import { atLeastOne, fitsFile, RowSchedule } from './row-schedule.ts';
import { fieldIndex, SOURCE_CONTRACTS, type SourceRecord, type Value } from './source-contracts.ts';
import { SourceFileWriter } from './source-file-writer.ts';
import { fileNumber, type SourceOutput } from './source-output.ts';
import { roundDiv } from './value-format.ts';

const SALES = SOURCE_CONTRACTS.sales;
const QUANTITY = fieldIndex(SALES, 'Quantity');
const TOTAL = fieldIndex(SALES, 'TotalPrice');

export const salesPath = (index: number): string => `landing/sales-${fileNumber(index)}.csv`;

/** A store sale as a clean.sales row (unit_price null: the product's current price applies). */
export function storeSale(record: SourceRecord): Value[] {
  const [salesId, employee, customer, product, quantity, discount, total, soldAt, txn] = record;
  return [`store-${String(salesId)}`, 'store', `store-${String(txn)}`, soldAt ?? null, customer ?? null, employee ?? null, product ?? null, quantity ?? null, null, discount ?? null, total ?? null];
}

/** The version first written for a sale whose quantity is corrected later (its total follows the quantity). */
function earlierSale(record: SourceRecord, rng: Rng): SourceRecord {
  const quantity = Number(record[QUANTITY]);
  const earlier = quantity > 3 && rng.chance(0.5) ? quantity - rng.int(1, quantity - 1) : quantity + rng.int(1, 5);
  const total = record[TOTAL] ?? null;
  return record.map((v, i) => (i === QUANTITY ? earlier : i === TOTAL && total !== null ? roundDiv(Number(total) * earlier, quantity) : v));
}

interface PendingFile {
  readonly truth: readonly SourceRecord[];
  /** Sales written with an earlier version here whose truth goes into the next file. */
  readonly carried: readonly SourceRecord[];
}

/**
 * Writes the store sales files and the store part of clean/sales.csv, one file at a
 * time: a file's truth is final (and checked against the ledger) once the next file,
 * which may correct or repeat its rows, is written; then its keys are forgotten.
 */
export function writeSalesFiles(output: SourceOutput, truthFiles: Iterable<SourceRecord[]>, fileCount: number, clean: CleanFileWriter): void {
  const rng = output.rng;
  let previous: PendingFile = { truth: [], carried: [] };
  const settle = (file: PendingFile): void => {
    for (const record of file.truth) {
      if (!output.ledger.isLatest(record)) {
        throw new GeneratorError('truth-mismatch', `sale ${String(record[0])}: the files do not end on the planned truth.`, 'this is a generator bug; report the seed and scale.');
      }
      clean.row(storeSale(record));
      output.ledger.forget(record[0] ?? null);
    }
  };
  let index = 0;
  for (const truth of truthFiles) {
    const style = salesStyle(index, rng !== null);
    const writer = new SourceFileWriter(output.out, salesPath(index), SALES, style, rng, output.ledger, output.badRows);
    const schedule = new RowSchedule();
    let main: readonly SourceRecord[] = truth;
    const carried: SourceRecord[] = [];
    if (rng !== null) {
      const n = truth.length;
      const last = index === fileCount - 1;
      // Corrections: an earlier version here, the truth in the next file (or later in this one, for the last file).
      const nextMissing = last ? [] : salesStyle(index + 1, true).missing.map((name) => fieldIndex(SALES, name));
      const corrected = new Set(rng.distinct(atLeastOne(n, 0.003), n).filter((i) => fitsFile(truth[i] ?? [], nextMissing)));
      main = truth.map((record, i) => (corrected.has(i) ? earlierSale(record, rng) : record));
      truth.forEach((record, i) => {
        if (!corrected.has(i)) return;
        if (last) schedule.add(rng.int(i + 1, n), 'good', record);
        else carried.push(record);
      });
      for (const record of previous.carried) schedule.add(rng.int(0, n), 'good', record);
      // Exact duplicates: of a row a little later in this file, and of the previous file's rows.
      for (let k = 0; k < atLeastOne(n, 0.005); k++) {
        const i = rng.int(0, n - 1);
        const record = truth[i];
        if (record !== undefined && !corrected.has(i)) schedule.add(rng.int(i + 1, Math.min(n, i + 50)), 'copy', record);
      }
      const missing = style.missing.map((name) => fieldIndex(SALES, name));
      const carriedKeys = new Set(previous.carried.map((r) => r[0]));
      const repeatable = previous.truth.filter((r) => !carriedKeys.has(r[0]) && fitsFile(r, missing));
      for (let k = 0; k < atLeastOne(repeatable.length, 0.002); k++) schedule.add(rng.int(0, n), 'good', rng.pick(repeatable));
      for (let k = 0; k < atLeastOne(n, 0.002); k++) schedule.add(rng.int(0, n), 'bad', rng.pick(truth));
    }
    schedule.write(writer, main);
    output.onFile(writer.close());
    settle(previous);
    previous = { truth, carried };
    index++;
  }
  settle(previous);
}
