import type { SourceRecord } from './source-contracts.ts';
import type { SourceFileWriter } from './source-file-writer.ts';

/** good: a version of a key; copy: the exact line of a main row, again; bad: a row with one defect. */
interface Slotted {
  readonly kind: 'good' | 'copy' | 'bad';
  readonly record: SourceRecord;
}

/**
 * Rows slotted in between a file's main rows (duplicates, newer versions, bad rows).
 * Position p means "just before main row p"; p = main.length means at the end.
 */
export class RowSchedule {
  readonly #at = new Map<number, Slotted[]>();
  readonly #copied = new Set<SourceRecord>();

  /** A copy must come after its main row. */
  add(position: number, kind: Slotted['kind'], record: SourceRecord): void {
    if (kind === 'copy') this.#copied.add(record);
    const list = this.#at.get(position);
    if (list === undefined) this.#at.set(position, [{ kind, record }]);
    else list.push({ kind, record });
  }

  /** Writes the main rows in order with the slotted rows among them. */
  write(writer: SourceFileWriter, main: readonly SourceRecord[]): void {
    for (let i = 0; i <= main.length; i++) {
      for (const slotted of this.#at.get(i) ?? []) {
        if (slotted.kind === 'bad') writer.bad(slotted.record);
        else writer.good(slotted.record);
      }
      const record = main[i];
      if (record !== undefined) writer.good(record, this.#copied.has(record));
    }
  }
}

/** max(1, round(n × rate)): every untidy file gets at least one of each kind of row. */
export function atLeastOne(n: number, rate: number): number {
  return n === 0 ? 0 : Math.max(1, Math.round(n * rate));
}

/** A record whose missing-column fields are all null can be written in that file without changing its value. */
export function fitsFile(record: SourceRecord, missingFields: readonly number[]): boolean {
  return missingFields.every((i) => record[i] === null);
}
