import { join } from 'node:path';
import { ChunkedWriter } from './chunked-writer.ts';
import { type CleanEntity, cleanCsvHeader, cleanCsvLine } from './clean-tables.ts';
import type { Value } from './source-contracts.ts';

export interface CleanFileReport {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export const cleanPath = (entity: CleanEntity): string => `expected/clean/${entity}.csv`;

/** expected/clean/<entity>.csv: the truth, one row per key, in PostgreSQL's CSV text. */
export class CleanFileWriter {
  readonly #file: ChunkedWriter;
  #rows = 0;

  constructor(
    out: string,
    readonly entity: CleanEntity,
  ) {
    this.#file = new ChunkedWriter(join(out, cleanPath(entity)));
    this.#file.write(cleanCsvHeader(entity));
  }

  row(values: readonly Value[]): void {
    this.#file.write(cleanCsvLine(this.entity, values));
    this.#rows++;
  }

  close(): CleanFileReport {
    return { path: cleanPath(this.entity), rows: this.#rows, bytes: this.#file.close() };
  }
}
