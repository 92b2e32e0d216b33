import { type CleanFileReport, CleanFileWriter } from './clean-file-writer.ts';
import { DIMENSION_STYLES, type FileStyle, TIDY_STYLE } from './file-styles.ts';
import { GeneratorError } from './generator-error.ts';
import type { Rng } from './prng.ts';
import { atLeastOne, fitsFile, RowSchedule } from './row-schedule.ts';
import { fieldIndex, SOURCE_CONTRACTS, type SourceRecord } from './source-contracts.ts';
import { SourceFileWriter } from './source-file-writer.ts';
import { fileNumber, type SourceOutput } from './source-output.ts';
import type { FileDimension, Placed } from './truth/dimensions.ts';
import { LAST_NAMES } from './vocabulary/person-names.ts';
import { STREETS } from './vocabulary/place-names.ts';

const DAY = 86_400_000;

/** Products and employees land in the CSV folder; customers and countries are blobs. */
export function dimensionPath(entity: FileDimension, index: number): string {
  const name = `${entity}-${fileNumber(index)}.csv`;
  return entity === 'products' || entity === 'employees' ? `landing/${name}` : `blobs/${entity}/${name}`;
}

/** The older version of a key corrected in file 1: what changed is what changes in real life. */
function olderVersion(entity: FileDimension, record: SourceRecord, rng: Rng): SourceRecord {
  const changed = [...record];
  const set = (name: string, value: SourceRecord[number]): void => {
    changed[fieldIndex(SOURCE_CONTRACTS[entity], name)] = value;
  };
  const get = (name: string): SourceRecord[number] => record[fieldIndex(SOURCE_CONTRACTS[entity], name)] ?? null;
  switch (entity) {
    case 'products': {
      // A price change, with an earlier ModifyDate than the current version's.
      const price = Number(get('Price'));
      set('Price', price + (rng.chance(0.5) ? 1 : -1) * Math.max(1, Math.round((price * rng.int(5, 30)) / 100)));
      set('ModifyDate', Number(get('ModifyDate')) - rng.int(1, 90) * DAY);
      break;
    }
    case 'employees':
      set('LastName', rng.pick(LAST_NAMES.filter((name) => name !== get('LastName'))));
      break;
    case 'customers':
      set('Address', `${rng.int(1, 9999)} ${rng.pick(STREETS)}, Old Town`);
      break;
    case 'countries':
      set('CountryCode', get('CountryCode') === null ? 'XX' : null);
      break;
  }
  return changed;
}

/**
 * Writes one dimension's source files and its clean truth. Tidy: one file, one row
 * per key. Untidy: the files of DIMENSION_STYLES, keys in their home file; keys at
 * home in file 1 have an older version in file 0; every file gets duplicates (of its
 * own rows, and of earlier files' rows) and bad rows.
 */
export function writeDimensionFiles(output: SourceOutput, entity: FileDimension, placed: readonly Placed[]): CleanFileReport {
  const contract = SOURCE_CONTRACTS[entity];
  const rng = output.rng;
  const styles: readonly FileStyle[] = rng === null ? [TIDY_STYLE] : DIMENSION_STYLES[entity];
  styles.forEach((style, file) => {
    const writer = new SourceFileWriter(output.out, dimensionPath(entity, file), contract, style, rng, output.ledger, output.badRows);
    const schedule = new RowSchedule();
    const main: SourceRecord[] = [];
    if (rng !== null) {
      const older = new Map(file === 0 ? placed.filter((p) => p.home === 1).map((p) => [p.record[0], olderVersion(entity, p.record, rng)] as const) : []);
      for (const p of placed) {
        const old = older.get(p.record[0]);
        if (old !== undefined) main.push(old);
        else if (p.home === file) main.push(p.record);
      }
      const n = main.length;
      // Duplicates of a row a little later in the same file (never of an older version: that would undo its correction).
      const current = main.flatMap((record, i) => (older.has(record[0] ?? null) ? [] : [{ i, record }]));
      for (let k = 0; k < atLeastOne(n, 0.01); k++) {
        const { i, record } = rng.pick(current);
        schedule.add(rng.int(i + 1, Math.min(n, i + 50)), 'copy', record);
      }
      const missing = style.missing.map((name) => fieldIndex(contract, name));
      const earlier = placed.filter((p) => p.home < file && fitsFile(p.record, missing));
      for (let k = 0; k < atLeastOne(earlier.length, 0.005); k++) schedule.add(rng.int(0, n), 'good', rng.pick(earlier).record);
      for (let k = 0; k < atLeastOne(n, 0.01); k++) schedule.add(rng.int(0, n), 'bad', rng.pick(main));
    } else {
      main.push(...placed.map((p) => p.record));
    }
    schedule.write(writer, main);
    output.onFile(writer.close());
  });
  const clean = new CleanFileWriter(output.out, entity);
  for (const { record } of placed) {
    if (!output.ledger.isLatest(record)) {
      throw new GeneratorError('truth-mismatch', `${entity} ${String(record[0])}: the files do not end on the planned truth.`, 'this is a generator bug; report the seed and scale.');
    }
    clean.row(record);
  }
  return clean.close();
}
