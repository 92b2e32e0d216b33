import type { SourceRecord, Value } from './source-contracts.ts';

/** What a good row is, against the latest good version of its key so far. */
export const VERSION_OUTCOMES = ['new', 'duplicate', 'correction'] as const;
export type VersionOutcome = (typeof VERSION_OUTCOMES)[number];

export interface EntityCounts {
  readonly rowsWritten: number;
  readonly good: number;
  readonly bad: number;
  readonly duplicates: number;
  readonly corrections: number;
  /** Distinct keys among the good rows: the truth's row count. */
  readonly keys: number;
}

/** The typed values of a record as one comparable string (field 0 is the key). */
export function signature(record: SourceRecord): string {
  return record.map((v) => (v === null ? '\u0000' : String(v))).join('\u001f');
}

/**
 * Replays an entity's rows in read order the way silver must: latest good version
 * per key wins, an equal version is a duplicate, a different one a correction.
 * The manifest's counts come from here, so they are what the files say.
 */
export class EntityLedger {
  readonly #latest = new Map<Value, string>();
  #rowsWritten = 0;
  #bad = 0;
  #duplicates = 0;
  #corrections = 0;
  #keys = 0;

  good(record: SourceRecord): VersionOutcome {
    this.#rowsWritten++;
    const key = record[0] ?? null;
    const sig = signature(record);
    const latest = this.#latest.get(key);
    this.#latest.set(key, sig);
    if (latest === undefined) {
      this.#keys++;
      return 'new';
    }
    if (latest === sig) {
      this.#duplicates++;
      return 'duplicate';
    }
    this.#corrections++;
    return 'correction';
  }

  bad(): void {
    this.#rowsWritten++;
    this.#bad++;
  }

  /** Whether the record is the latest good version of its key (the truth must be). */
  isLatest(record: SourceRecord): boolean {
    return this.#latest.get(record[0] ?? null) === signature(record);
  }

  /** Frees a key that no later row can repeat (keeps memory flat for large sales runs). */
  forget(key: Value): void {
    this.#latest.delete(key);
  }

  get counts(): EntityCounts {
    const rowsWritten = this.#rowsWritten;
    return { rowsWritten, good: rowsWritten - this.#bad, bad: this.#bad, duplicates: this.#duplicates, corrections: this.#corrections, keys: this.#keys };
  }
}
